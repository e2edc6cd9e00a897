# libfrob: a BROKEN package (meta.broken = true). Like nixpkgs, the set refuses
# to evaluate it unless config.allowBroken; allowed, building it really runs and
# fails with a compiler-like error in the build log.
{ lib, stdenv, zlib }:

stdenv.mkDerivation rec {
  pname = "libfrob";
  version = "0.3.1";

  runpath = [ zlib ];

  buildCommand = ''
    echo "unpacking source archive libfrob-${version}.tar.gz"
    echo "configuring: checking for zlib... ${zlib}"
    echo "building"
    echo "cc -O2 -fPIC -I${lib.getDev zlib}/include -c frob.c -o frob.o"
    echo "frob.c: In function 'frob_start':" >&2
    echo "frob.c:12:5: warning: implicit declaration of function 'frob_legacy_init' [-Wimplicit-function-declaration]" >&2
    echo "cc -shared -o libfrob.so.0 frob.o -L${zlib}/lib -lz" >&2
    echo "ld: frob.o: in function \`frob_start':" >&2
    echo "error: frob.c:12: undefined reference to \`frob_legacy_init'" >&2
    echo "collect2: error: ld returned 1 exit status" >&2
    echo "make: *** [Makefile:23: libfrob.so.0] Error 1" >&2
    exit 1
  '';

  meta = {
    description = "Frobnication library (broken: does not link against current toolchains)";
    homepage = "https://example.org/libfrob";
    license = lib.licenses.bsd2;
    broken = true;
  };
}
