# glibc: the demo's "C library". Every program made with writeProgram names
# ${glibc}/lib/ld-linux-x86-64.so.2 as its loader and ${glibc}/lib in its
# RUNPATH, so glibc is in nearly every closure, as in nixpkgs. It has no
# references of its own.
{ lib, stdenv }:

stdenv.mkDerivation {
  pname = "glibc";
  version = "2.39-52";

  buildCommand = ''
    mkdir -p $out/lib $out/share/i18n $out/etc
    fakeLib $out/lib ld-linux-x86-64.so.2 96
    fakeLib $out/lib libc.so.6 640 ld-linux-x86-64.so.2
    fakeLib $out/lib libm.so.6 128 libc.so.6
    fakeLib $out/lib libresolv.so.2 32 libc.so.6
    fakeLib $out/lib libnss_files.so.2 16 libc.so.6
    # empty stubs since glibc 2.34, as in the real thing
    for l in libpthread.so.0 libdl.so.2 librt.so.1; do fakeLib $out/lib $l 1 libc.so.6; done
    ln -s libc.so.6 $out/lib/libc.so
    ln -s libm.so.6 $out/lib/libm.so
    mkdir -p $out/lib64
    ln -s ../lib/ld-linux-x86-64.so.2 $out/lib64/ld-linux-x86-64.so.2
    echo "C.UTF-8 UTF-8" > $out/share/i18n/SUPPORTED
    printf 'passwd: files\ngroup: files\nhosts: files dns\n' > $out/etc/nsswitch.conf
  '';

  meta = {
    description = "The GNU C Library (a stand-in: fake libraries that carry references)";
    homepage = "https://www.gnu.org/software/libc/";
    license = lib.licenses.lgpl21Plus;
  };
}
