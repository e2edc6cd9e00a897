# buildPythonPackage: installs the given modules into lib/python3.11/site-packages,
# writes a .dist-info, and records dependencies like nixpkgs does
# (nix-support/propagated-build-inputs). The interpreter is recorded in
# nix-support/runtime-deps, so each package refers to python3.
{ lib, stdenv, python }:

{ pname
, version
  # module name -> file contents, e.g. { "six.py" = "..."; "idna/__init__.py" = "..."; }
, modules
, propagatedBuildInputs ? [ ]
, extraInstall ? ""
, meta ? { }
, passthru ? { }
}:

stdenv.mkDerivation {
  inherit pname version;

  runtimeDeps = [ python ];
  propagated = propagatedBuildInputs;

  buildCommand = ''
    site=$out/${python.sitePackages}
    mkdir -p $site
    ${lib.concatStrings (lib.imap0 (i: n: ''
      mkdir -p "$(dirname "$site/${n}")"
      cat > "$site/${n}" <<'EOF_MOD'
      ${modules.${n}}
      EOF_MOD
    '') (builtins.attrNames modules))}
    info=$site/${pname}-${version}.dist-info
    mkdir -p $info
    {
      echo "Metadata-Version: 2.1"
      echo "Name: ${pname}"
      echo "Version: ${version}"
      ${lib.concatMapStrings (d: ''
      echo "Requires-Dist: ${d.pname}"
      '') propagatedBuildInputs}
    } > $info/METADATA
    echo nix > $info/INSTALLER
    mkdir -p $out/nix-support
    ${lib.optionalString (propagatedBuildInputs != [ ]) ''
      echo "$propagated" > $out/nix-support/propagated-build-inputs
    ''}
  '' + extraInstall;

  passthru = passthru // { inherit python propagatedBuildInputs; };

  meta = { homepage = "https://pypi.org/project/${pname}/"; } // meta;
}
