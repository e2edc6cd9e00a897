# curl: three outputs (bin, dev, out) like nixpkgs. `out` is libcurl, linked
# against openssl, zlib, nghttp2 and libssh2; `bin` has the curl program
# (file:// URLs itself, http(s) through busybox wget); `dev` has curl-config
# and headers, referring to `out`.
{ lib, stdenv, busybox, openssl, zlib, nghttp2, libssh2 }:

stdenv.mkDerivation rec {
  pname = "curl";
  version = "8.6.0";

  outputs = [ "bin" "dev" "out" ];

  runpath = [ openssl zlib nghttp2 libssh2 ];

  buildCommand = ''
    fakeLib $out/lib libcurl.so.4.8.0 288 libssl.so.3 libcrypto.so.3 libz.so.1 libnghttp2.so.14 libssh2.so.1 libc.so.6
    ln -s libcurl.so.4.8.0 $out/lib/libcurl.so.4
    ln -s libcurl.so.4.8.0 $out/lib/libcurl.so

    mkdir -p $dev/include/curl $dev/lib/pkgconfig $dev/nix-support
    printf '#define LIBCURL_VERSION "${version}"\n' > $dev/include/curl/curlver.h
    printf '#include "curlver.h"\n' > $dev/include/curl/curl.h
    printf 'prefix=%s\nlibdir=%s/lib\nincludedir=%s/include\n\nName: libcurl\nVersion: ${version}\nLibs: -L%s/lib -lcurl\n' \
      "$out" "$out" "$dev" "$out" > $dev/lib/pkgconfig/libcurl.pc
    echo "$out" > $dev/nix-support/propagated-build-inputs
    writeScript $dev/bin/curl-config ${busybox}/bin/sh <<EOF_CFG
    case "\$1" in
      --version) echo "libcurl ${version}";;
      --libs) echo "-L$out/lib -lcurl";;
      --cflags) echo "-I$dev/include";;
      --prefix) echo "$out";;
      *) echo "Usage: curl-config [--version|--libs|--cflags|--prefix]";;
    esac
    EOF_CFG

    runpath="$out/lib:$runpath"
    writeProgram $bin/bin/curl <<'EOF_CURL'
    bb=${busybox}/bin/busybox
    out=""; remote=0; fail=0; url=""
    while [ $# -gt 0 ]; do
      case "$1" in
        -V|--version)
          echo "curl ${version} (x86_64-pc-linux-gnu) libcurl/${version} OpenSSL/${openssl.version} zlib/${zlib.version} libssh2/${libssh2.version} nghttp2/${nghttp2.version}"
          echo "Protocols: file http https"
          echo "Features: HTTP2 HTTPS-proxy IPv6 Largefile libz SSL (Strata demo: transfers by busybox wget)"
          exit 0;;
        -o|--output) out=$2; shift;;
        -O|--remote-name) remote=1;;
        -f|--fail) fail=1;;
        -s|--silent|-S|--show-error|-L|--location|-k|--insecure) ;;
        -[sSfLk]*) case "$1" in *f*) fail=1;; esac;;
        -h|--help) echo "Usage: curl [-fsSL] [-o FILE | -O] URL"; exit 0;;
        -*) echo "curl: option $1: is unknown" >&2; exit 2;;
        *) url=$1;;
      esac
      shift
    done
    [ -n "$url" ] || { echo "curl: no URL specified!" >&2; exit 2; }
    [ $remote = 1 ] && out=$($bb basename "$url")
    case "$url" in
      file://*)
        path=''${url#file://}
        [ -r "$path" ] || { echo "curl: (37) Couldn't open file $path" >&2; exit 37; }
        if [ -n "$out" ]; then $bb cat "$path" > "$out"; else $bb cat "$path"; fi;;
      http://*|https://*)
        $bb wget -q -O "''${out:--}" "$url" || { [ $fail = 1 ] && exit 22; echo "curl: (7) transfer failed" >&2; exit 7; };;
      *)
        echo "curl: (1) Protocol \"''${url%%:*}\" not supported" >&2; exit 1;;
    esac
    EOF_CURL
  '';

  meta = {
    description = "Command line tool for transferring files with URL syntax";
    homepage = "https://curl.se/";
    license = lib.licenses.curl;
    mainProgram = "curl";
  };
}
