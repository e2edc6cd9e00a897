# hello: prints "Hello, world!" like GNU hello. A program whose shebang points
# into busybox and which names glibc; closure: hello, glibc, busybox.
{ lib, stdenv }:

stdenv.mkDerivation rec {
  pname = "hello";
  version = "2.12.1";

  buildCommand = ''
    writeProgram $out/bin/hello <<'EOF_HELLO'
    greeting="Hello, world!"
    while [ $# -gt 0 ]; do
      case "$1" in
        -h|--help)
          echo "Usage: hello [OPTION]..."
          echo "Print a friendly, customizable greeting."
          echo
          echo "  -h, --help          display this help and exit"
          echo "  -v, --version       display version information and exit"
          echo "  -t, --traditional       use traditional greeting"
          echo "  -g, --greeting=TEXT     use TEXT as the greeting message"
          exit 0;;
        -v|--version)
          echo "hello (GNU Hello) ${version}"
          exit 0;;
        -t|--traditional) greeting="hello, world";;
        -g) shift; greeting="$1";;
        --greeting=*) greeting="''${1#--greeting=}";;
        *) echo "hello: unrecognized option '$1'" >&2
           echo "Try 'hello --help' for more information." >&2
           exit 1;;
      esac
      shift
    done
    printf '%s\n' "$greeting"
    EOF_HELLO

    mkdir -p $out/share/man/man1 $out/share/info
    cat > $out/share/man/man1/hello.1 <<'EOF_MAN'
    .TH HELLO 1 "GNU Hello ${version}" "User Commands"
    .SH NAME
    hello \- friendly greeting program
    .SH SYNOPSIS
    .B hello
    [\fI\,OPTION\/\fR]...
    EOF_MAN
    printf 'This is hello.info (Strata demo).\n' > $out/share/info/hello.info
  '';

  meta = {
    description = "Program that produces a familiar, friendly greeting";
    longDescription = ''
      GNU Hello is a program that prints "Hello, world!" when you run it.
      It is fully customizable.
    '';
    homepage = "https://www.gnu.org/software/hello/manual/";
    license = lib.licenses.gpl3Plus;
    mainProgram = "hello";
  };
}
