# busybox: the static busybox of the host (Debian busybox-static), installed
# with one symlink per applet (bin/ls -> busybox, ...). The first derivation of
# the set; its builder is the bootstrap busybox itself.
{ lib, stdenv, bootstrapTools }:

stdenv.mkDerivation {
  pname = "busybox";
  # the version of Debian 12's busybox-static; the bytes are whatever the
  # host's /usr/bin/busybox is
  version = "1.35.0";

  buildCommand = ''
    mkdir -p $out/bin
    cp ${bootstrapTools}/busybox $out/bin/busybox
    chmod 0555 $out/bin/busybox
    for applet in $($out/bin/busybox --list); do
      if [ "$applet" != busybox ]; then ln -s busybox "$out/bin/$applet"; fi
    done
    # make sure the copy runs as something else than "busybox"
    [ "$($out/bin/echo ok)" = ok ]
  '';

  meta = {
    description = "Tiny versions of common UNIX utilities in a single small executable";
    homepage = "https://busybox.net/";
    license = lib.licenses.gpl2Only;
    mainProgram = "busybox";
  };
}
