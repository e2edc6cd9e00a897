{ lib, stdenv, openssl, zlib }:

stdenv.mkDerivation rec {
  pname = "libssh2";
  version = "1.11.0";

  runpath = [ openssl zlib ]; # lib.getLib picks openssl.out

  buildCommand = ''
    fakeLib $out/lib libssh2.so.1.0.1 112 libssl.so.3 libcrypto.so.3 libz.so.1 libc.so.6
    ln -s libssh2.so.1.0.1 $out/lib/libssh2.so.1
    ln -s libssh2.so.1.0.1 $out/lib/libssh2.so
    mkdir -p $out/include
    printf '#define LIBSSH2_VERSION "${version}"\n' > $out/include/libssh2.h
  '';

  meta = {
    description = "Client-side C library implementing the SSH2 protocol";
    homepage = "https://www.libssh2.org";
    license = lib.licenses.bsd3;
  };
}
