{ lib, stdenv, ncurses }:

stdenv.mkDerivation {
  pname = "readline";
  version = "8.2p10";

  runpath = [ ncurses ];

  buildCommand = ''
    fakeLib $out/lib libreadline.so.8.2 96 libncursesw.so.6 libc.so.6
    fakeLib $out/lib libhistory.so.8.2 24 libc.so.6
    for l in readline history; do
      ln -s lib$l.so.8.2 $out/lib/lib$l.so.8
      ln -s lib$l.so.8.2 $out/lib/lib$l.so
    done
    mkdir -p $out/include/readline
    printf '/* <readline/readline.h> (Strata demo) */\n' > $out/include/readline/readline.h
  '';

  meta = {
    description = "Library for interactive line editing";
    homepage = "https://savannah.gnu.org/projects/readline/";
    license = lib.licenses.gpl3Plus;
  };
}
