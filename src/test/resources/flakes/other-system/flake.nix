# A flake whose packages are for another system only: Strata must say which systems it has.
{
  outputs = { self }: {
    packages.riscv64-linux.hello = throw "not evaluated";
    packages.powerpc64le-linux.hello = throw "not evaluated";
  };
}
