# A committed flake that imports a file the test writes but does not `git add`: Nix's copy of a
# git checkout holds tracked files only, so evaluating it fails, and Strata must say why.
{
  outputs = { self }: {
    packages.x86_64-linux = import ./generated.nix;
    packages.aarch64-linux = import ./generated.nix;
  };
}
