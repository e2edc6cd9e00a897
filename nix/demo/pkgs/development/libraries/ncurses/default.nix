# ncurses: a library plus a small terminfo database (data files in nested
# directories) and bin/clear.
{ lib, stdenv }:

stdenv.mkDerivation rec {
  pname = "ncurses";
  version = "6.4";

  buildCommand = ''
    fakeLib $out/lib libncursesw.so.${version} 160 libc.so.6
    fakeLib $out/lib libtinfow.so.${version} 64 libc.so.6
    for l in ncursesw tinfow; do
      ln -s lib$l.so.${version} $out/lib/lib$l.so.6
      ln -s lib$l.so.${version} $out/lib/lib$l.so
    done
    # the non-wide names point at the wide libraries, as in nixpkgs
    ln -s libncursesw.so.6 $out/lib/libncurses.so.6
    ln -s libncursesw.so.6 $out/lib/libncurses.so
    ln -s libtinfow.so.6 $out/lib/libtinfo.so.6

    for t in dumb linux screen screen-256color tmux tmux-256color vt100 vt220 xterm xterm-256color rxvt-unicode; do
      d=$out/share/terminfo/$(echo $t | cut -c1)
      mkdir -p $d
      { echo "$t|terminfo entry (Strata demo),"; filler "terminfo/$t" 2; } > $d/$t
    done
    ln -s ../x/xterm-256color $out/share/terminfo/x/xterm-color

    writeProgram $out/bin/clear <<'EOF_CLEAR'
    printf '\033[H\033[2J'
    EOF_CLEAR
  '';

  meta = {
    description = "Free software emulation of curses in SVR4 and more";
    homepage = "https://www.gnu.org/software/ncurses/";
    license = lib.licenses.mit;
    mainProgram = "clear";
  };
}
