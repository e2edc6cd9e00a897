# Prepares an image for Strata: selects the requested packages from a package set, reports which
# names are unknown or not derivations, and builds the symlink forest of the selected packages
# (what becomes the image's top layer: /bin/hello -> /nix/store/...-hello/bin/hello).
#
#   nix-instantiate --eval --strict --json prepare-image.nix -A info  --argstr packages "hello git" ...
#   nix-build prepare-image.nix -A forest --argstr packages "hello git" ...
#
# Package names are attribute paths; dots reach nested sets ("python3Packages.flask"). When a
# component does not exist exactly, a unique case-insensitive match is used, as Nixery does.
# All other arguments are those of load-set.nix.
#
# info also gives each selected package's meta (licence, broken, unfree) so that Strata can refuse
# unfree and broken packages in any set, by the same rule as its search flags; their outputs are
# evaluated under tryEval (null when the set itself refuses them: a nixpkgs-style set throws for
# an unfree or broken package), and `-A check` evaluates them without it, for Nix's own error.
{ packages, ... }@args:
let
  pkgs = import ./load-set.nix (builtins.removeAttrs args [ "packages" ]);
  names = builtins.filter (n: builtins.isString n && n != "") (builtins.split " +" packages);

  lower = s: builtins.replaceStrings
    [ "A" "B" "C" "D" "E" "F" "G" "H" "I" "J" "K" "L" "M" "N" "O" "P" "Q" "R" "S" "T" "U" "V" "W" "X" "Y" "Z" ]
    [ "a" "b" "c" "d" "e" "f" "g" "h" "i" "j" "k" "l" "m" "n" "o" "p" "q" "r" "s" "t" "u" "v" "w" "x" "y" "z" ]
    s;

  # One step down an attribute path: exact name first, then a unique case-insensitive match.
  step = acc: component:
    if acc == null || !(builtins.isAttrs acc.value) then null
    else if builtins.hasAttr component acc.value then
      { value = acc.value.${component}; path = acc.path ++ [ component ]; }
    else
      let matches = builtins.filter (n: lower n == lower component) (builtins.attrNames acc.value);
      in if builtins.length matches == 1
        then { value = acc.value.${builtins.head matches}; path = acc.path ++ [ (builtins.head matches) ]; }
        else null;

  lookup = name:
    builtins.foldl' step { value = pkgs; path = [ ]; }
      (builtins.filter builtins.isString (builtins.split "\\." name));

  isDrv = v: builtins.isAttrs v && (v.type or null) == "derivation";

  # The outputs a user gets from a package, as nixpkgs' buildEnv chooses them.
  installed = drv:
    map (o: drv.${o}) (drv.meta.outputsToInstall or [ (drv.outputName or "out") ]);

  # A licence as plain data, in the shapes nix-env --meta prints: a string, a set or a list of them.
  plain = v: if builtins.isString v || builtins.isBool v then v else null;
  licenceData = l:
    if builtins.isAttrs l
    then builtins.mapAttrs (n: plain) (builtins.intersectAttrs { free = 0; shortName = 0; spdxId = 0; fullName = 0; } l)
    else plain l;
  metaOf = drv:
    let
      m = drv.meta or { };
      lic = m.license or null;
      data = {
        broken = plain (m.broken or false);
        unfree = plain (m.unfree or false);
        license = if builtins.isList lic then map licenceData lic else licenceData lic;
      };
      r = builtins.tryEval (builtins.deepSeq data data);
    in
      if r.success then r.value else { };

  outPaths = drv: map (o: o.outPath) (installed drv);
  tryOutPaths = drv:
    let r = builtins.tryEval (builtins.deepSeq (outPaths drv) (outPaths drv));
    in if r.success then r.value else null;

  found = map (name: { inherit name; hit = lookup name; }) names;
  selected = builtins.filter (f: f.hit != null && isDrv f.hit.value) found;

  bootstrap = builtins.path {
    path = /usr/bin;
    name = "strata-busybox";
    filter = p: t: baseNameOf p == "busybox";
  };
in
{
  info = {
    setIsAttrs = builtins.isAttrs pkgs;
    unknown = map (f: f.name) (builtins.filter (f: f.hit == null) found);
    notDerivation = map (f: f.name) (builtins.filter (f: f.hit != null && !(isDrv f.hit.value)) found);
    selected = map (f: {
      inherit (f) name;
      attrPath = builtins.concatStringsSep "." f.hit.path;
      drvName = f.hit.value.name or "";
      meta = metaOf f.hit.value;
      outputs = tryOutPaths f.hit.value;
    }) selected;
  };

  # The outputs without tryEval: evaluating this gives the set's own error for a package whose
  # outputs did not evaluate in info.
  check = map (f: outPaths f.hit.value) selected;

  # Every selected package's installed outputs, linked into one tree. Directories present in several
  # packages are merged; for a file present in several, the first package (in the order given) wins.
  forest = derivation {
    name = "strata-symlink-forest";
    system = if (args.system or "") == "" then builtins.currentSystem else args.system;
    builder = "${bootstrap}/busybox";
    paths = builtins.concatLists (map (f: installed f.hit.value) selected);
    args = [ "sh" "-e" "-c" ''
      bb=${bootstrap}/busybox
      $bb mkdir -p "$out"
      for p in $paths; do
        [ -d "$p" ] || continue
        skip=/
        ( cd "$p" && $bb find . -mindepth 1 ! -path './nix-support' ! -path './nix-support/*' | $bb sort ) |
        while IFS= read -r rel; do
          rel=''${rel#./}
          case "$rel" in "$skip"*) continue ;; esac
          if [ -d "$p/$rel" ] && [ ! -L "$p/$rel" ]; then
            # A file or link of an earlier package already sits here: it wins, skip this subtree.
            if [ -L "$out/$rel" ] || { [ -e "$out/$rel" ] && [ ! -d "$out/$rel" ]; }; then
              skip="$rel/"
            else
              $bb mkdir -p "$out/$rel"
            fi
          elif [ ! -e "$out/$rel" ] && [ ! -L "$out/$rel" ]; then
            $bb ln -s "$p/$rel" "$out/$rel"
          fi
        done
      done
    '' ];
  };
}
