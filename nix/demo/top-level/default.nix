# Builds the package set as a fixed point, like nixpkgs' pkgs/top-level/stage.nix:
# a list of `final: prev:` overlays (the set's own ones first, then the
# user's) folded with lib.extends and closed with lib.fix.
{ system, config, overlays }:

let
  lib = import ../lib;

  # system, config, lib, the stages of the standard environment
  stdenvOverlay = final: prev:
    { inherit lib config system; pkgs = final; }
    // import ../stdenv { inherit lib config system; pkgs = final; };

  allPackages = import ./all-packages.nix { inherit lib config; };

  aliases = final: prev:
    lib.optionalAttrs (config.allowAliases or true) (import ./aliases.nix lib final prev);

  toFix = lib.foldl' (lib.flip lib.extends) (final: { })
    ([ stdenvOverlay allPackages aliases ] ++ overlays);
in
lib.fix toFix
