# bash and bashInteractive (nixpkgs: bashInteractive = bash.override { interactive = true; }).
#
# Busybox has no "bash" applet (it picks applets by argv[0]), so bin/bash is a
# tiny script that execs busybox sh; scripts with "#!${bash}/bin/bash" then run
# through two shebang levels, which Linux supports. bin/sh is a symlink.
{ lib, stdenv, busybox, readline, ncurses, interactive ? false }:

stdenv.mkDerivation {
  pname = if interactive then "bash-interactive" else "bash";
  version = "5.2p26";

  # the interactive variant is "linked" against readline and ncurses
  runpath = lib.optionals interactive [ readline ncurses ];

  buildCommand = ''
    writeProgram $out/bin/bash <<EOF_BASH
    # Stand-in for GNU bash: hands everything to busybox sh (ash).
    if [ "\$1" = --version ]; then
      echo "GNU bash, version 5.2.26(1)-release (Strata demo: busybox ash inside)"
      exit 0
    fi
    exec ${busybox}/bin/sh "\$@"
    EOF_BASH
    ln -s bash $out/bin/sh
  '' + lib.optionalString interactive ''
    mkdir -p $out/etc
    printf 'set editing-mode emacs\nset bell-style none\n' > $out/etc/inputrc
  '';

  meta = {
    description = "GNU Bourne-Again Shell, the de facto standard shell on Linux"
      + lib.optionalString interactive " (for interactive use)";
    homepage = "https://www.gnu.org/software/bash/";
    license = lib.licenses.gpl3Plus;
    mainProgram = "bash";
  };
}
