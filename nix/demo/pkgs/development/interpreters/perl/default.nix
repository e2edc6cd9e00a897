# perl: a stand-in interpreter (it knows -v, -V:version and -e 'print "..."')
# with a library tree of .pm files. Its meta.license is a LIST, as in
# nixpkgs (perl is dual-licensed).
{ lib, stdenv, zlib }:

stdenv.mkDerivation rec {
  pname = "perl";
  version = "5.38.2";

  runpath = [ zlib ];

  buildCommand = ''
    fakeLib $out/lib/perl5/${version}/x86_64-linux/CORE libperl.so 320 libm.so.6 libc.so.6
    for m in strict warnings vars constant Carp Exporter File/Basename File/Spec Getopt/Long POSIX Data/Dumper; do
      mkdir -p "$out/lib/perl5/${version}/$(dirname "$m")"
      { echo "package ''${m//\//::};"; echo "our \$VERSION = '1.00';"; filler "perl/$m" 4 | sed 's/^/# /'; echo "1;"; } \
        > "$out/lib/perl5/${version}/$m.pm"
    done
    runpath="$out/lib/perl5/${version}/x86_64-linux/CORE:$runpath"
    writeProgram $out/bin/perl <<'EOF_PERL'
    case "$1" in
      -v|--version)
        echo
        echo "This is perl 5, version 38, subversion 2 (v${version}) built for x86_64-linux (Strata demo stand-in)"
        exit 0;;
      -V:version) echo "version='${version}';"; exit 0;;
      -e)
        code=$2
        case "$code" in
          'print "'*'";'|'print "'*'"')
            text=''${code#print \"}; text=''${text%;}; text=''${text%\"}
            printf '%b' "$text"; exit 0;;
        esac
        echo "perl: the Strata demo perl can only run: perl -e 'print \"text\";'" >&2; exit 255;;
      *) echo "perl: the Strata demo perl cannot run scripts" >&2; exit 255;;
    esac
    EOF_PERL
    ln -s perl $out/bin/perl${version}
  '';

  meta = {
    description = "Standard implementation of the Perl 5 programming language";
    homepage = "https://www.perl.org/";
    license = [ lib.licenses.artistic1 lib.licenses.gpl1Plus ];
    mainProgram = "perl";
  };
}
