# charset-normalizer: has a console script, bin/normalizer, with a
# "#!${bash}/bin/bash" shebang (like nixpkgs' wrapped scripts).
{ lib, buildPythonPackage, bash, python }:

buildPythonPackage rec {
  pname = "charset-normalizer";
  version = "3.3.2";
  modules = {
    "charset_normalizer/__init__.py" = ''
      from .version import __version__
      from .api import from_bytes, from_path'';
    "charset_normalizer/version.py" = ''__version__ = "${version}"'';
    "charset_normalizer/api.py" = ''
      def from_bytes(b): return "utf_8"
      def from_path(p): return "utf_8"'';
  };
  extraInstall = ''
    writeScript $out/bin/normalizer ${bash}/bin/bash <<'EOF_NORM'
    # console script: tells ASCII from UTF-8 (from_path() of the demo)
    export PYTHONPATH="${placeholder "out"}/${python.sitePackages}''${PYTHONPATH:+:$PYTHONPATH}"
    case "$1" in
      --version) echo "Charset-Normalizer ${version} - Python ${python.version} (Strata demo)"; exit 0;;
      ""|-h|--help) echo "usage: normalizer FILE..."; exit 0;;
    esac
    for f in "$@"; do
      if LC_ALL=C grep -q '[^ -~[:space:]]' "$f"; then enc=utf_8; else enc=ascii; fi
      echo "$f: $enc"
    done
    EOF_NORM
  '';
  meta = {
    description = "Python module for encoding and language detection";
    license = lib.licenses.mit;
    mainProgram = "normalizer";
  };
}
