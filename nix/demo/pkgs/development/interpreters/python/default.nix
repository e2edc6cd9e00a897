# python3: a stand-in CPython 3.11. Its references come, as in the real one,
# from extension modules in lib-dynload (_ssl -> openssl, _sqlite3 -> sqlite,
# _ctypes -> libffi, zlib, readline/ncurses, pyexpat -> expat).
#
# bin/python3 knows: --version, -c "import a, b.c; print('text')" (imports
# are looked up in PYTHONPATH and its own lib), and nothing else.
#
# passthru.pkgs is the python3Packages set (top-level/python-packages.nix); passthru.withPackages
# makes an environment of the interpreter and modules (wrapper.nix).
{ lib, stdenv, pkgs, openssl, sqlite, libffi, zlib, readline, ncurses, expat }:

let
  version = "3.11.9";
  pythonVersion = "3.11";
  sitePackages = "lib/python${pythonVersion}/site-packages";

  self = stdenv.mkDerivation {
    pname = "python3";
    inherit version;

    buildCommand = ''
      stdlib=$out/lib/python${pythonVersion}
      mkdir -p $stdlib/site-packages $stdlib/lib-dynload $out/include/python${pythonVersion}

      fakeLib $out/lib libpython${pythonVersion}.so.1.0 512 libm.so.6 libc.so.6
      ln -s libpython${pythonVersion}.so.1.0 $out/lib/libpython3.so

      base=$runpath
      ext() { # ext MODULE RUNPATH-DIRS...
        m=$1; shift
        runpath=$(IFS=:; echo "$*"):$out/lib:$base
        fakeLib $stdlib/lib-dynload $m.cpython-311-x86_64-linux-gnu.so 24 libpython${pythonVersion}.so.1.0 libc.so.6
      }
      ext _ssl ${lib.getLib openssl}/lib
      ext _hashlib ${lib.getLib openssl}/lib
      ext _sqlite3 ${lib.getLib sqlite}/lib
      ext _ctypes ${libffi}/lib
      ext zlib ${lib.getLib zlib}/lib
      ext readline ${readline}/lib ${ncurses}/lib
      ext _curses ${ncurses}/lib
      ext pyexpat ${expat}/lib
      ext _json
      ext math
      runpath=$base

      for m in os abc codecs json/__init__ json/decoder json/encoder re/__init__ collections/__init__ \
               sqlite3/__init__ ssl hashlib ctypes/__init__ site sysconfig typing; do
        mkdir -p "$stdlib/$(dirname "$m")"
        { echo "# $m (Strata demo stand-in for the Python ${version} standard library)"; filler "python/$m" 3 | sed 's/^/# /'; } > "$stdlib/$m.py"
      done
      printf '#define PY_VERSION "${version}"\n' > $out/include/python${pythonVersion}/Python.h

      runpath="$out/lib:$runpath"
      writeProgram $out/bin/python${pythonVersion} <<EOF_PY
      stdlib="$stdlib"
      EOF_PY
      cat >> $out/bin/python${pythonVersion} <<'EOF_PY'
      findmod() { # findmod a.b.c -> 0 if importable
        rel=$(echo "$1" | tr . /)
        IFS=:
        for d in $PYTHONPATH $stdlib $stdlib/site-packages $stdlib/lib-dynload; do
          if [ -f "$d/$rel.py" ] || [ -f "$d/$rel/__init__.py" ]; then unset IFS; return 0; fi
          for so in "$d/$rel".*.so; do
            if [ -f "$so" ]; then unset IFS; return 0; fi
          done
        done
        unset IFS; return 1
      }
      case "$1" in
        -V|--version) echo "Python ${version}"; exit 0;;
        -c)
          echo "$2" | tr ';' '\n' | while read -r stmt; do
            case "$stmt" in
              "") ;;
              "import "*)
                for m in $(echo "''${stmt#import }" | tr ',' ' '); do
                  findmod "$m" || { echo "Traceback (most recent call last):" >&2
                    echo "  File \"<string>\", line 1, in <module>" >&2
                    echo "ModuleNotFoundError: No module named '$m'" >&2; exit 1; }
                done;;
              "print('"*"')"|'print("'*'")')
                text=''${stmt#print(?}; printf '%s\n' "''${text%?)}";;
              *) echo "python3: the Strata demo interpreter cannot run: $stmt" >&2; exit 1;;
            esac
          done
          exit $?;;
        "") echo "Python ${version} (Strata demo stand-in): no interactive interpreter" >&2; exit 1;;
        *) echo "python3: the Strata demo interpreter cannot run scripts ($1)" >&2; exit 2;;
      esac
      EOF_PY
      ln -s python${pythonVersion} $out/bin/python3
      ln -s python3 $out/bin/python
      writeProgram $out/bin/pydoc${pythonVersion} <<EOF_PYDOC
      echo "pydoc: no documentation in the Strata demo python" >&2; exit 1
      EOF_PYDOC
      ln -s pydoc${pythonVersion} $out/bin/pydoc3
    '';

    passthru = {
      inherit pythonVersion sitePackages;
      executable = "python${pythonVersion}";
      pkgs = import ../../../../top-level/python-packages.nix {
        inherit lib pkgs;
        python = self;
      };
      # python3.withPackages (ps: [ ps.requests ]): the interpreter with those modules, as in nixpkgs
      withPackages = f: pkgs.callPackage ./wrapper.nix { python = self; extraLibs = f self.pkgs; };
    };

    meta = {
      description = "High-level dynamically-typed programming language";
      homepage = "https://www.python.org";
      license = lib.licenses.psfl;
      mainProgram = "python3";
    };
  };
in
self
