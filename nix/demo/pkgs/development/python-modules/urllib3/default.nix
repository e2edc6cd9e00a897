{ lib, buildPythonPackage, idna, six }:

buildPythonPackage rec {
  pname = "urllib3";
  version = "2.2.1";
  propagatedBuildInputs = [ idna six ];
  modules = {
    "urllib3/__init__.py" = ''
      from ._version import __version__
      from .poolmanager import PoolManager'';
    "urllib3/_version.py" = ''__version__ = "${version}"'';
    "urllib3/poolmanager.py" = ''
      class PoolManager:
          pass'';
  };
  meta = {
    description = "Powerful, user-friendly HTTP client for Python";
    license = lib.licenses.mit;
  };
}
