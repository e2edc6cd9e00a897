# perlPackages: a nested set (recurseForDerivations = true, set by the caller)
# whose members depend on `perl` and on each other. Names follow nixpkgs'
# perlPackages: attribute TextTable, name "perl5.36.0-Text-Table-1.135".
{ scope }:

top:

let
  inherit (top) perl buildPackage license;

  buildPerlModule = { pname, version, module, deps ? [ ], description }:
    buildPackage {
      pname = "perl${perl.version}-${pname}";
      inherit version;
      refs = [ perl ] ++ deps;
      install = ''
        mkdir -p $out/lib/perl5/site_perl/$(dirname ${module})
        {
          echo "package ${builtins.replaceStrings [ "/" ".pm" ] [ "::" "" ] module};"
          echo "our \$VERSION = '${version}';"
          echo "1;"
        } > $out/lib/perl5/site_perl/${module}
        mkdir -p $out/nix-support
        echo "${toString deps}" > $out/nix-support/propagated-build-inputs
      '';
      meta = { inherit description; license = license.artistic2; };
    };

  self = {
    JSONTiny = buildPerlModule {
      pname = "JSON-Tiny";
      version = "0.58";
      module = "JSON/Tiny.pm";
      description = "Minimalistic JSON, with no dependencies";
    };

    TextTable = buildPerlModule {
      pname = "Text-Table";
      version = "1.135";
      module = "Text/Table.pm";
      description = "Organize data in tables";
    };

    DataPrinter = buildPerlModule {
      pname = "Data-Printer";
      version = "1.001001";
      module = "Data/Printer.pm";
      deps = [ self.JSONTiny self.TextTable ];
      description = "Colored and full-featured pretty print of Perl data structures";
    };
  };
in
self
