# toolbox: the first derivation; the seed busybox copied in, with one symlink
# per applet in bin/ (pname and attribute are "toolbox", not "busybox"; the
# binary keeps the name busybox, which it needs to answer `busybox --list`).
{ buildSeedPackage, seed, license }:

buildSeedPackage {
  pname = "toolbox";
  version = "1.35.0";
  install = ''
    mkdir -p $out/bin
    cp ${seed}/busybox $out/bin/busybox
    applets=$($out/bin/busybox --list)
    [ -n "$applets" ]
    for a in $applets; do
      if [ "$a" != busybox ]; then ln -s busybox $out/bin/$a; fi
    done
  '';
  meta = {
    description = "Single-binary Unix toolbox (busybox) for the othersets package set";
    license = license.gpl2;
    mainProgram = "sh";
  };
}
