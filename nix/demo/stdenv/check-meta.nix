# Meta checks, modelled on nixpkgs' pkgs/stdenv/generic/check-meta.nix.
#
# Unfree and broken packages refuse to evaluate their drvPath/outPath unless
# allowed, exactly like nixpkgs (config.allowUnfree / NIXPKGS_ALLOW_UNFREE=1,
# config.allowBroken / NIXPKGS_ALLOW_BROKEN=1). `name` and `meta` stay
# evaluable so that `nix-env -qaP --json --meta` can still list them. Allowed,
# the broken package's build runs and fails, so that the failing build log can
# be shown. The check applies to every derivation evaluated, so a package that
# depends on a refused one is refused too.
{ lib, config }:

let
  allowUnfree = config.allowUnfree or false
    || builtins.getEnv "NIXPKGS_ALLOW_UNFREE" == "1";
  allowUnfreePredicate = config.allowUnfreePredicate or (_: false);
  allowBroken = config.allowBroken or false
    || builtins.getEnv "NIXPKGS_ALLOW_BROKEN" == "1";
in
# attrs: the arguments given to mkDerivation (plus `name`); outputs: list of output names
attrs: outputs:
let
  meta = attrs.meta or { };
  licenses = lib.toList (meta.license or [ ]);
  unfree = builtins.any (l: !(l.free or true)) licenses;
  broken = meta.broken or false;
  unfreeAllowed = !unfree || allowUnfree || allowUnfreePredicate attrs;
  brokenAllowed = !broken || allowBroken;

  pos = builtins.unsafeGetAttrPos "pname" attrs;
  position = if pos == null then null else "${pos.file}:${toString pos.line}";
  where = if position == null then "" else " in ${position}";
  licenseNames = lib.concatMapStringsSep ", " (l: l.shortName or l.fullName or "?") licenses;

  hasOutput = o: builtins.elem o outputs;

  brokenMessage = ''
    Package ‘${attrs.name}’${where} is marked as broken, refusing to evaluate.

    a) To temporarily allow broken packages, you can use an environment variable
       for a single invocation of the nix tools:

         $ export NIXPKGS_ALLOW_BROKEN=1

    b) To allow broken packages for nix-build, nix-env or nix-instantiate, pass
       the package set's `config` argument:

         $ nix-build --arg config '{ allowBroken = true; }' ...
  '';

  unfreeMessage = ''
    Package ‘${attrs.name}’${where} has an unfree license (‘${licenseNames}’), refusing to evaluate.

    a) To temporarily allow unfree packages, you can use an environment variable
       for a single invocation of the nix tools:

         $ export NIXPKGS_ALLOW_UNFREE=1

    b) To allow unfree packages for nix-build, nix-env or nix-instantiate, pass
       the package set's `config` argument:

         $ nix-build --arg config '{ allowUnfree = true; }' ...

       or, when importing the set: import ./nix/demo { config.allowUnfree = true; }
  '';
in
{
  valid = unfreeAllowed && brokenAllowed;
  message = if unfreeAllowed then brokenMessage else unfreeMessage;
  meta = {
    name = attrs.name;
    broken = false;
    insecure = false;
    platforms = [ "x86_64-linux" "aarch64-linux" "i686-linux" "armv7l-linux" "riscv64-linux" ];
    maintainers = [ ];
    outputsToInstall =
      [ (lib.findFirst hasOutput null ([ "bin" "out" ] ++ outputs)) ]
      ++ lib.optional (hasOutput "man") "man";
  }
  // lib.optionalAttrs (position != null) { inherit position; }
  // meta
  // {
    inherit unfree;
    available = unfreeAllowed && brokenAllowed;
  };
}
