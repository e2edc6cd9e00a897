{ buildPackage, toolbox, libcore, license }:

buildPackage rec {
  pname = "perl";
  version = "5.36.0";
  refs = [ libcore ];
  install = ''
    script $out/bin/perl <<'EOF'
    #!${toolbox}/bin/sh
    case "$1" in
      -v) echo "This is perl 5, version 36 (othersets stand-in)";;
      *) echo "othersets perl: only -v is supported" >&2; exit 2;;
    esac
    EOF
    mkdir -p $out/lib/perl5/${version}
    echo "package strict; 1;" > $out/lib/perl5/${version}/strict.pm
  '';
  meta = { description = "Perl interpreter stand-in"; license = license.artistic2; mainProgram = "perl"; };
}
