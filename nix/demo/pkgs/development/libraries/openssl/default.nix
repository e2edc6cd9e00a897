# openssl: three outputs like nixpkgs' (bin, dev, out; nixpkgs also has man,
# doc, debug). `bin` is the default output (the first one) and refers to
# `out`; `dev` refers to `out` (pkg-config files, an absolute symlink into out).
{ lib, stdenv, busybox }:

stdenv.mkDerivation rec {
  pname = "openssl";
  version = "3.0.13";

  outputs = [ "bin" "dev" "out" ];

  buildCommand = ''
    # --- out: the libraries and the configuration
    fakeLib $out/lib libcrypto.so.3 256 libc.so.6
    fakeLib $out/lib libssl.so.3 128 libcrypto.so.3 libc.so.6
    mkdir -p $out/lib/engines-3 $out/lib/ossl-modules $out/etc/ssl/certs
    fakeLib $out/lib/ossl-modules legacy.so 16 libcrypto.so.3
    cat > $out/etc/ssl/openssl.cnf <<'EOF_CNF'
    # OpenSSL configuration (Strata demo)
    openssl_conf = openssl_init
    [openssl_init]
    providers = provider_sect
    [provider_sect]
    default = default_sect
    [default_sect]
    activate = 1
    EOF_CNF

    # --- bin: the openssl program, "linked" against out
    runpath="$out/lib:$runpath"
    writeProgram $bin/bin/openssl <<EOF_BIN
    # A small openssl(1) look-alike built on busybox applets.
    bb=${busybox}/bin/busybox
    cmd=\$1; [ \$# -gt 0 ] && shift
    case "\$cmd" in
      version) echo "OpenSSL ${version} 30 Jan 2024 (Library: OpenSSL ${version} 30 Jan 2024)";;
      sha256|sha1|md5|sha512) \$bb \''${cmd}sum "\$@";;
      dgst)
        alg=sha256
        case "\$1" in -sha1|-sha256|-sha512|-md5) alg=\''${1#-}; shift;; esac
        \$bb \''${alg}sum "\$@";;
      base64)
        if [ "\$1" = -d ]; then shift; \$bb base64 -d "\$@"; else \$bb base64 "\$@"; fi;;
      rand)
        [ "\$1" = -hex ] || { echo "usage: openssl rand -hex N" >&2; exit 1; }
        \$bb head -c "\$2" /dev/urandom | \$bb od -An -tx1 | \$bb tr -d ' \n'; echo;;
      help|"")
        echo "Standard commands: version sha1 sha256 sha512 md5 dgst base64 rand help";;
      *) echo "openssl: '\$cmd' is not available in the Strata demo openssl" >&2; exit 1;;
    esac
    EOF_BIN

    # --- dev: headers and pkg-config files pointing into out
    mkdir -p $dev/include/openssl $dev/lib/pkgconfig $dev/nix-support
    for h in ssl crypto evp x509 opensslv; do
      printf '/* <openssl/%s.h> (Strata demo) */\n' $h > $dev/include/openssl/$h.h
    done
    for pc in libcrypto libssl openssl; do
      printf 'prefix=%s\nlibdir=%s/lib\nincludedir=%s/include\n\nName: %s\nVersion: ${version}\nLibs: -L%s/lib\n' \
        "$out" "$out" "$dev" "$pc" "$out" > $dev/lib/pkgconfig/$pc.pc
    done
    ln -s $out/lib/libssl.so.3 $dev/lib/libssl.so
    ln -s $out/lib/libcrypto.so.3 $dev/lib/libcrypto.so
    echo "$out" > $dev/nix-support/propagated-build-inputs
  '';

  meta = {
    description = "Cryptographic library that implements the SSL and TLS protocols";
    homepage = "https://www.openssl.org/";
    license = lib.licenses.asl20;
    mainProgram = "openssl";
  };
}
