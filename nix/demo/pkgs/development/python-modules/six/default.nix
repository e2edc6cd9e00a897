{ lib, buildPythonPackage }:

buildPythonPackage rec {
  pname = "six";
  version = "1.16.0";
  modules."six.py" = ''
    """Utilities for writing code that runs on Python 2 and 3 (Strata demo stand-in)"""
    __version__ = "${version}"
    PY3 = True'';
  meta = {
    description = "Python 2 and 3 compatibility library";
    license = lib.licenses.mit;
  };
}
