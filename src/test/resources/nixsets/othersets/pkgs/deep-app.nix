# deepApp: the application with the deep closure:
# deep-app -> libbeta -> libalpha -> core-runtime, posix-shell -> toolbox.
{ buildPackage, posixShell, libbeta, license }:

buildPackage {
  pname = "deep-app";
  version = "3.1.4";
  refs = [ libbeta ];
  install = ''
    script $out/bin/deep-app <<'EOF'
    #!${posixShell}/bin/psh
    echo "deep-app 3.1.4: using $(cat ${libbeta}/lib/libbeta.so.0)"
    EOF
  '';
  meta = {
    description = "Application with a deep runtime closure";
    license = license.mit;
    mainProgram = "deep-app";
  };
}
