# Prepares an image for Strata: selects the requested packages from a package set, reports which
# names are unknown or not derivations, and builds the symlink forest of the selected packages
# (what becomes the image's top layer: /bin/hello -> /nix/store/...-hello/bin/hello).
#
#   nix-instantiate --eval --strict --json prepare-image.nix -A info  --argstr packages "hello git" ...
#   nix-build prepare-image.nix -A forest --argstr packages "hello git" ...
#
# Package names are attribute paths; dots reach nested sets ("python3Packages.flask"). When a
# component does not exist exactly, a unique case-insensitive match is used, as Nixery does.
#
# expressionFiles is a JSON list of files, each holding one user's Nix expression (--expr) and
# nothing else: Strata writes the text verbatim, never splicing it into Nix source. Each file is
# parsed on its own by `scopedImport pkgs FILE`, so it is exactly one expression (a syntax error
# stays in it; no text can close a bracket of ours or add a second root) and it sees the package
# set's attributes as variables, as `with pkgs; EXPR` would. (One difference from `with`: the set's
# names come before Nix's own global names, so `fetchurl` is the set's fetchurl.) Each expression
# must give a derivation; it is then one more requested root, like a package.
#
# All other arguments are those of load-set.nix.
#
# info also gives each selected package's meta (licence, broken, unfree) so that Strata can refuse
# unfree and broken packages in any set, by the same rule as its search flags; their outputs are
# evaluated under tryEval (null when the set itself refuses them: a nixpkgs-style set throws for
# an unfree or broken package), and `-A check` evaluates them without it, for Nix's own error.
{ packages, expressionFiles ? "[]", closureFile ? "", ... }@args:
let
  pkgs = import ./load-set.nix (builtins.removeAttrs args [ "packages" "expressionFiles" "closureFile" ]);
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

  files = builtins.fromJSON expressionFiles;
  expressions = builtins.genList (i: { index = i + 1; value = scopedImport pkgs (/. + builtins.elemAt files i); })
    (if builtins.isAttrs pkgs then builtins.length files else 0);
  derivations = builtins.filter (e: isDrv e.value) expressions;

  # What a value that is not a derivation is, for the sentence that refuses it.
  kindOf = v:
    let t = builtins.typeOf v; in
    if t == "set" then
      let names = builtins.attrNames v; n = builtins.length names; in
      "an attribute set" + (if n == 0 then " with no attributes"
        else " with the attributes " + builtins.concatStringsSep ", " (take 5 names)
          + (if n > 5 then " and ${toString (n - 5)} more" else ""))
    else if t == "lambda" || t == "primop" || t == "primop-app" then "a function (give it its arguments)"
    else if t == "list" then "a list of ${toString (builtins.length v)} elements"
    else if t == "string" then "the string \"${builtins.substring 0 60 v}${if builtins.stringLength v > 60 then "..." else ""}\""
    else if t == "path" then "the path ${toString v}"
    else if t == "null" then "null"
    else if t == "bool" then (if v then "true" else "false")
    else "the ${if t == "int" then "integer" else t} ${toString v}";
  take = n: l: builtins.genList (builtins.elemAt l) (if builtins.length l < n then builtins.length l else n);

  # The SBOM metadata (`-A meta`): name, version, licences and homepage of every store path of the
  # closure (closureFile: a JSON list of store paths) that a derivation reachable from the selected
  # packages produces. The walk follows every attribute of a derivation that holds a derivation or
  # a list of them (buildInputs, nativeBuildInputs, stdenv, src, ... in nixpkgs), once per
  # derivation (genericClosure keyed by drvPath); anything that throws is skipped. A path no
  # derivation explains (a shebang's interpreter named only in a string, say) is left out: Strata
  # then names it from its store path name.
  wanted = if closureFile == "" then { }
    else builtins.listToAttrs (map (p: { name = p; value = true; }) (builtins.fromJSON (builtins.readFile closureFile)));
  safe = v: let r = builtins.tryEval v; in if r.success then r.value else null;
  isDrvSafe = v: safe (isDrv v) == true;
  skipAttr = n: builtins.substring 0 2 n == "__"
    || builtins.elem n [ "all" "meta" "passthru" "drvAttrs" "outputs" "override" "overrideAttrs" "overrideDerivation" ];
  inputsOf = drv:
    let
      outs = safe (drv.outputs or [ "out" ]);
      names = builtins.filter (n: !(skipAttr n) && !(builtins.elem n (if builtins.isList outs then outs else [ ])))
        (builtins.attrNames drv);
      valueOf = n: safe drv.${n};
      asList = v: if isDrvSafe v then [ v ] else if builtins.isList v then builtins.filter isDrvSafe v else [ ];
    in
      builtins.concatMap (n: asList (valueOf n)) names;
  item = drv: let k = safe drv.drvPath; in
    if builtins.isString k then { key = builtins.unsafeDiscardStringContext k; inherit drv; } else null;
  items = drvs: builtins.filter (i: i != null) (map item drvs);
  reachable = builtins.genericClosure {
    startSet = items (map (f: f.hit.value) selected ++ map (e: e.value) derivations);
    operator = i: items (inputsOf i.drv);
  };
  firstString = v: if builtins.isString v then v
    else if builtins.isList v && v != [ ] && builtins.isString (builtins.head v) then builtins.head v else "";
  describe = drv:
    let
      m = safe (drv.meta or { });
      parsed = builtins.parseDrvName (drv.name or "");
      data = {
        pname = let p = drv.pname or parsed.name; in if builtins.isString p then p else parsed.name;
        version = let v = drv.version or parsed.version; in if builtins.isString v then v else parsed.version;
        homepage = firstString (m.homepage or "");
        licences = let l = (if builtins.isAttrs m then m.license or [ ] else [ ]); in
          map licenceData (if builtins.isList l then l else [ l ]);
      };
      r = builtins.tryEval (builtins.deepSeq data data);
    in if r.success then r.value else null;
  pathsOf = drv:
    let outs = safe (drv.outputs or [ "out" ]); in
    builtins.filter (p: p != null && builtins.hasAttr p wanted)
      (map (o: let p = safe drv.${o}.outPath; in if builtins.isString p then builtins.unsafeDiscardStringContext p else null)
        (if builtins.isList outs then outs else [ "out" ]));
  metaEntries = builtins.concatMap (i:
    let paths = pathsOf i.drv; d = if paths == [ ] then null else describe i.drv; in
    if d == null then [ ] else map (path: d // { inherit path; }) paths) reachable;

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
    expressions = map (e: if isDrv e.value then {
      inherit (e) index;
      drvName = e.value.name or "";
      meta = metaOf e.value;
      outputs = tryOutPaths e.value;
    } else {
      inherit (e) index;
      notDerivation = kindOf e.value;
    }) expressions;
  };

  meta = metaEntries;

  # The outputs without tryEval: evaluating this gives the set's own error for a package whose
  # outputs did not evaluate in info.
  check = map (f: outPaths f.hit.value) selected ++ map (e: outPaths e.value) derivations;

  # Every selected package's installed outputs, then every expression's, linked into one tree.
  # Directories present in several packages are merged; for a file present in several, the first
  # package (in the order given, packages before expressions) wins.
  forest = derivation {
    name = "strata-symlink-forest";
    system = if (args.system or "") == "" then builtins.currentSystem else args.system;
    builder = "${bootstrap}/busybox";
    paths = builtins.concatLists (map (f: installed f.hit.value) selected ++ map (e: installed e.value) derivations);
    args = [ "sh" "-e" "-c" ''
      bb=${bootstrap}/busybox
      $bb mkdir -p "$out"
      for p in $paths; do
        [ -d "$p" ] || continue
        skip=/
        # NUL-separated: a file name may hold a newline.
        ( cd "$p" && $bb find . -mindepth 1 ! -path './nix-support' ! -path './nix-support/*' -print0 | $bb sort -z ) |
        while IFS= read -r -d "" rel; do
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
