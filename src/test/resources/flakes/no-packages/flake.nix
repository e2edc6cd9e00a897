# A flake with outputs but no packages or legacyPackages.
{
  outputs = { self }: {
    lib.greeting = "hello";
    templates = { };
  };
}
