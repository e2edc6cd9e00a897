# "othersets": a second, independent package set used by Strata's tests.
# It has nothing in common with nix/demo except the Nix language and the
# bootstrap (the host's static busybox). Structure: a scope built as a fixed
# point (scope.nix), a `buildPackage` helper (builders.nix) and a package list
# (packages.nix); overlays are `final: prev:` functions, as in nixpkgs.
{ system ? builtins.currentSystem
, config ? { }
, overlays ? [ ]
, ...
}:

let
  scope = import ./scope.nix;

  packages = import ./packages.nix { inherit system config scope; };
in
scope.makeScopeWithOverlays packages overlays
