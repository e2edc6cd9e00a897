# sqlite: three outputs as in nixpkgs (bin, dev, out). `bin` (the default
# output) has the sqlite3 shell, linked against `out`, readline and ncurses;
# `dev` refers to `out`; `out` refers to zlib and glibc.
{ lib, stdenv, zlib, readline, ncurses }:

stdenv.mkDerivation rec {
  pname = "sqlite";
  version = "3.45.1";

  outputs = [ "bin" "dev" "out" ];

  runpath = [ zlib ];

  buildCommand = ''
    fakeLib $out/lib libsqlite3.so.0.8.6 384 libz.so.1 libm.so.6 libc.so.6
    ln -s libsqlite3.so.0.8.6 $out/lib/libsqlite3.so.0
    ln -s libsqlite3.so.0.8.6 $out/lib/libsqlite3.so

    mkdir -p $dev/include $dev/lib/pkgconfig $dev/nix-support
    printf '#define SQLITE_VERSION "${version}"\n' > $dev/include/sqlite3.h
    printf '/* sqlite3ext.h (Strata demo) */\n' > $dev/include/sqlite3ext.h
    printf 'prefix=%s\nlibdir=%s/lib\nincludedir=%s/include\n\nName: SQLite\nVersion: ${version}\nLibs: -L%s/lib -lsqlite3\n' \
      "$out" "$out" "$dev" "$out" > $dev/lib/pkgconfig/sqlite3.pc
    echo "$out" > $dev/nix-support/propagated-build-inputs

    runpath="$out/lib:${readline}/lib:${ncurses}/lib:$runpath"
    writeProgram $bin/bin/sqlite3 <<'EOF_BIN'
    # sqlite3 stand-in: knows its version, nothing else
    case "$1" in
      -version|--version) echo "${version} 2024-01-30 (64-bit, Strata demo)";;
      *) echo "sqlite3: the Strata demo sqlite3 only supports -version" >&2; exit 1;;
    esac
    EOF_BIN
  '';

  meta = {
    description = "Self-contained, serverless, zero-configuration, transactional SQL database engine";
    homepage = "https://www.sqlite.org/";
    license = lib.licenses.publicDomain;
    mainProgram = "sqlite3";
  };
}
