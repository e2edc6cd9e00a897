# Selects packages of a set for `strata popularity`, which builds them and counts, over the union
# of their runtime closures, how many paths reference each path (like Nixery's popcount).
#
#   nix-instantiate --eval --strict --json popularity.nix -A info  --argstr packagesFile FILE ...
#   nix-build popularity.nix -A build --argstr packagesFile FILE ...
#
# FILE lists attribute paths separated by whitespace (a file, because nixpkgs has more names than
# one command-line argument may hold). A package whose outputs do not evaluate (a `throw` or a
# failed `assert`, which is how nixpkgs refuses broken or unfree packages) is reported with
# outputs = null and left out of `build`. All other arguments are those of load-set.nix.
{ packagesFile, ... }@args:
let
  pkgs = import ./load-set.nix (builtins.removeAttrs args [ "packagesFile" ]);
  names = builtins.filter (n: builtins.isString n && n != "")
    (builtins.split "[ \t\n]+" (builtins.readFile packagesFile));

  lookup = name:
    builtins.foldl'
      (acc: c: if acc != null && builtins.isAttrs acc && builtins.hasAttr c acc then acc.${c} else null)
      pkgs
      (builtins.filter builtins.isString (builtins.split "\\." name));

  isDrv = v: builtins.isAttrs v && (v.type or null) == "derivation";

  # The outputs a user gets from a package, as nixpkgs' buildEnv chooses them.
  installed = drv: map (o: drv.${o}) (drv.meta.outputsToInstall or [ (drv.outputName or "out") ]);

  tryOutputs = name:
    let
      v = lookup name;
      paths = if isDrv v then map (o: o.outPath) (installed v) else null;
      r = builtins.tryEval (builtins.deepSeq paths paths);
    in
      if r.success then r.value else null;

  info = map (name: { inherit name; outputs = tryOutputs name; }) names;
in
{
  inherit info;
  build = builtins.concatMap (i: if i.outputs == null then [ ] else installed (lookup i.name)) info;
}
