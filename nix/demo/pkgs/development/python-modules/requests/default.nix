{ lib, buildPythonPackage, certifi, charset-normalizer, idna, urllib3 }:

buildPythonPackage rec {
  pname = "requests";
  version = "2.31.0";
  propagatedBuildInputs = [ certifi charset-normalizer idna urllib3 ];
  modules = {
    "requests/__init__.py" = ''
      from .__version__ import __version__
      from .api import get'';
    "requests/__version__.py" = ''__version__ = "${version}"'';
    "requests/api.py" = ''
      def get(url, **kwargs):
          raise NotImplementedError("Strata demo stand-in")'';
  };
  meta = {
    description = "HTTP library for Python";
    license = lib.licenses.asl20;
  };
}
