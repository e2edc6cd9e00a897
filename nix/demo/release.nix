# Everything in the demo set that can be built: all derivations (including
# python3Packages.*) except broken and unfree ones, as one attribute set of
# derivations (nixpkgs' release.nix does the same job for Hydra).
#
#   nix-build nix/demo/release.nix            # builds all of them
#   nix-build nix/demo/release.nix -A hello
{ system ? builtins.currentSystem, config ? { }, overlays ? [ ] }:

let
  pkgs = import ./. { inherit system config overlays; };
  inherit (pkgs) lib;

  buildable = p: lib.isDerivation p && p.meta.available or true;

  # the same tree of attributes, keeping only buildable derivations and
  # descending into recurseForDerivations sets (aliases are left out)
  collect = set:
    lib.concatMapAttrs (name: value:
      if lib.isDerivation value then
        lib.optionalAttrs (buildable value && !(value ? aliasOf)) { ${name} = value; }
      else if builtins.isAttrs value && (value.recurseForDerivations or false) then
        { ${name} = lib.recurseIntoAttrs (collect value); }
      else { })
      set;
in
collect pkgs
