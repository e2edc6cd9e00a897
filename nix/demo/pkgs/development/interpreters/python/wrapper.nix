# python3.withPackages (ps: [ ps.requests ]) (nixpkgs: pkgs/development/interpreters/python/wrapper.nix):
# a buildEnv of the interpreter and the modules with everything they propagate
# (requiredPythonModules), whose python programs are wrappers that put the environment's
# site-packages on PYTHONPATH. Named "${python.name}-env", as in nixpkgs.
{ lib, buildEnv, busybox, python, extraLibs ? [ ] }:

let
  # every module and, recursively, what it propagates (nix-support/propagated-build-inputs)
  requiredPythonModules = map (i: i.pkg) (builtins.genericClosure {
    startSet = map (p: { key = p.outPath; pkg = p; }) extraLibs;
    operator = item: map (p: { key = p.outPath; pkg = p; }) (item.pkg.propagatedBuildInputs or [ ]);
  });
in
buildEnv {
  name = "${python.name}-env";
  paths = [ python ] ++ requiredPythonModules;
  postBuild = ''
    site=$out/${python.sitePackages}
    rm $out/bin/${python.executable}
    printf '%s\n' '#!${busybox}/bin/sh' \
      "export PYTHONPATH=\"$site\''${PYTHONPATH:+:\$PYTHONPATH}\"" \
      'exec ${python}/bin/${python.executable} "$@"' > $out/bin/${python.executable}
    chmod 0755 $out/bin/${python.executable}
    for link in python3 python; do
      rm -f $out/bin/$link
      ln -s ${python.executable} $out/bin/$link
    done
  '';
  passthru = { inherit python; env = null; };
  meta = {
    description = "Python ${python.version} with " + toString (builtins.length requiredPythonModules) + " modules";
    inherit (python.meta) license;
  };
}
