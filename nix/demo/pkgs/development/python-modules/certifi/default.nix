# certifi points at the cacert bundle, as nixpkgs patches it to do.
{ lib, buildPythonPackage, cacert }:

buildPythonPackage rec {
  pname = "certifi";
  version = "2024.02.02";
  modules = {
    "certifi/__init__.py" = ''
      from .core import contents, where
      __version__ = "${version}"'';
    "certifi/core.py" = ''
      def where():
          return "${cacert}/etc/ssl/certs/ca-bundle.crt"
      def contents():
          with open(where()) as f:
              return f.read()'';
  };
  meta = {
    description = "Python package for providing Mozilla's CA Bundle";
    license = lib.licenses.mpl20;
  };
}
