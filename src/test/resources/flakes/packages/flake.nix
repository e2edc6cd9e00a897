# Strata's test flake (the tests copy it into a temporary git repository, with the host's static
# busybox as ./bb/busybox, and commit it): packages.<system> holds hello and default;
# legacyPackages.<system> is a small nixpkgs-style set (set.nix) with a hello of its own, which
# packages' hello hides (as in `nix build`), a nested set and a buildEnv for expressions.
{
  description = "Strata test flake";

  outputs = { self }:
    let
      systems = [ "x86_64-linux" "aarch64-linux" ];
      forAll = f: builtins.listToAttrs (map (system: { name = system; value = f system; }) systems);
      setFor = system: greeting: import ./set.nix { inherit system greeting; busybox = "${./bb}/busybox"; };
    in
    {
      packages = forAll (system:
        let hello = (setFor system "Hello from a flake!").hello; in { inherit hello; default = hello; });
      legacyPackages = forAll (system: setFor system "Hello from legacyPackages");
    };
}
