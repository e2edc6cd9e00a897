# The python3Packages set (nixpkgs: pkgs/top-level/python-packages.nix), a
# scope of its own: packages are called with the top-level set plus `python`,
# `buildPythonPackage` and each other. all-packages.nix exposes it with
# recurseForDerivations = true, so nix-env lists python3Packages.*.
{ lib, pkgs, python }:

lib.makeScope
  (extra: lib.callPackageWith (pkgs // { inherit python; } // extra))
  (self: {
    buildPythonPackage = self.callPackage ../pkgs/development/interpreters/python/mk-python-derivation.nix { };

    six = self.callPackage ../pkgs/development/python-modules/six { };
    idna = self.callPackage ../pkgs/development/python-modules/idna { };
    certifi = self.callPackage ../pkgs/development/python-modules/certifi { };
    charset-normalizer = self.callPackage ../pkgs/development/python-modules/charset-normalizer { };
    urllib3 = self.callPackage ../pkgs/development/python-modules/urllib3 { };
    requests = self.callPackage ../pkgs/development/python-modules/requests { };
  })
