# Four small libraries in one file: libffi, pcre2, expat, nghttp2.
# Each has a "shared library", symlinks, a header and a pkg-config file.
{ lib, stdenv, busybox }:

let
  mkLib = { pname, version, soname, sofile, kib, header, license, description, homepage, extra ? "" }:
    stdenv.mkDerivation {
      inherit pname version;
      buildCommand = ''
        fakeLib $out/lib ${sofile} ${toString kib} libc.so.6
        ln -s ${sofile} $out/lib/${soname}
        ln -s ${sofile} $out/lib/${builtins.head (builtins.split "[.]so" soname)}.so
        mkdir -p $out/include $out/lib/pkgconfig
        printf '/* <%s> (Strata demo) */\n' ${header} > $out/include/${header}
        printf 'prefix=%s\nlibdir=%s/lib\n\nName: %s\nVersion: %s\n' "$out" "$out" ${pname} ${version} \
          > $out/lib/pkgconfig/${pname}.pc
      '' + extra;
      meta = { inherit description homepage license; };
    };
in
{
  libffi = mkLib {
    pname = "libffi";
    version = "3.4.6";
    soname = "libffi.so.8";
    sofile = "libffi.so.8.1.4";
    kib = 40;
    header = "ffi.h";
    license = lib.licenses.mit;
    description = "Foreign function call interface library";
    homepage = "http://sourceware.org/libffi/";
  };

  pcre2 = mkLib {
    pname = "pcre2";
    version = "10.43";
    soname = "libpcre2-8.so.0";
    sofile = "libpcre2-8.so.0.12.0";
    kib = 120;
    header = "pcre2.h";
    license = lib.licenses.bsd3;
    description = "Perl Compatible Regular Expressions";
    homepage = "https://www.pcre.org/";
    extra = ''
      runpath="$out/lib:$runpath"
      writeProgram $out/bin/pcre2grep <<'EOF_GREP'
      # pcre2grep look-alike: extended regular expressions through busybox grep
      exec ${busybox}/bin/grep -E "$@"
      EOF_GREP
    '';
  };

  expat = mkLib {
    pname = "expat";
    version = "2.6.2";
    soname = "libexpat.so.1";
    sofile = "libexpat.so.1.9.2";
    kib = 48;
    header = "expat.h";
    license = lib.licenses.mit;
    description = "Stream-oriented XML parser library written in C";
    homepage = "https://libexpat.github.io/";
  };

  nghttp2 = mkLib {
    pname = "nghttp2";
    version = "1.60.0";
    soname = "libnghttp2.so.14";
    sofile = "libnghttp2.so.14.26.0";
    kib = 56;
    header = "nghttp2.h";
    license = lib.licenses.mit;
    description = "HTTP/2 C library";
    homepage = "https://nghttp2.org/";
  };
}
