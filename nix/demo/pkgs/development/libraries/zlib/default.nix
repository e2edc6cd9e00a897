# zlib: two outputs. `out` has the library, `dev` the headers and a pkg-config
# file whose libdir points into `out` (so dev refers to out, as in nixpkgs).
{ lib, stdenv }:

stdenv.mkDerivation rec {
  pname = "zlib";
  version = "1.3.1";

  outputs = [ "out" "dev" ];

  buildCommand = ''
    fakeLib $out/lib libz.so.${version} 96 libc.so.6
    ln -s libz.so.${version} $out/lib/libz.so.1
    ln -s libz.so.${version} $out/lib/libz.so

    mkdir -p $dev/include $dev/lib/pkgconfig $dev/nix-support
    printf '#ifndef ZLIB_H\n#define ZLIB_H\n#define ZLIB_VERSION "${version}"\n#include "zconf.h"\n#endif\n' > $dev/include/zlib.h
    printf '#ifndef ZCONF_H\n#define ZCONF_H\n#endif\n' > $dev/include/zconf.h
    cat > $dev/lib/pkgconfig/zlib.pc <<EOF_PC
    prefix=$out
    libdir=$out/lib
    includedir=$dev/include

    Name: zlib
    Description: zlib compression library
    Version: ${version}
    Libs: -L\''${libdir} -lz
    Cflags: -I\''${includedir}
    EOF_PC
    echo "$out" > $dev/nix-support/propagated-build-inputs
  '';

  meta = {
    description = "Lossless data-compression library";
    homepage = "https://zlib.net";
    license = lib.licenses.zlib;
  };
}
