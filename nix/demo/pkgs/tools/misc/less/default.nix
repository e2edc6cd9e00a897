{ lib, stdenv, busybox, ncurses }:

stdenv.mkDerivation {
  pname = "less";
  version = "643";

  runpath = [ ncurses ];

  buildCommand = ''
    writeProgram $out/bin/less <<'EOF_LESS'
    if [ "$1" = --version ]; then echo "less 643 (Strata demo: busybox less)"; exit 0; fi
    exec ${busybox}/bin/less "$@"
    EOF_LESS
    ln -s less $out/bin/more
  '';

  meta = {
    description = "More advanced file pager than 'more'";
    homepage = "https://www.greenwoodsoftware.com/less/";
    license = lib.licenses.gpl3Plus;
    mainProgram = "less";
  };
}
