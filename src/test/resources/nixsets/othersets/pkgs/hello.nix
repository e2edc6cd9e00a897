{ buildPackage, toolbox, libcore, license }:

buildPackage {
  pname = "hello";
  version = "1.0";
  refs = [ libcore ];
  install = ''
    script $out/bin/hello <<'EOF'
    #!${toolbox}/bin/sh
    echo "Hello from othersets!"
    EOF
  '';
  meta = {
    description = "Greets from the othersets package set";
    license = license.mit;
    mainProgram = "hello";
  };
}
