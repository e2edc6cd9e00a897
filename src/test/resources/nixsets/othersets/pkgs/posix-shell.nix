{ buildPackage, toolbox, libcore, license }:

buildPackage {
  pname = "posix-shell";
  version = "0.9";
  refs = [ libcore ];
  install = ''
    script $out/bin/psh <<EOF
    #!${toolbox}/bin/sh
    export PATH="\''${PATH:+\$PATH:}${toolbox}/bin"
    exec ${toolbox}/bin/sh "\$@"
    EOF
    ln -s psh $out/bin/sh
  '';
  meta = {
    description = "POSIX shell wrapper around the toolbox shell";
    license = license.bsd2;
    mainProgram = "psh";
  };
}
