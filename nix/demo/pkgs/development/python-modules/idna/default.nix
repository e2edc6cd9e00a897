{ lib, buildPythonPackage }:

buildPythonPackage rec {
  pname = "idna";
  version = "3.6";
  modules = {
    "idna/__init__.py" = ''
      from .core import encode, decode
      from .package_data import __version__'';
    "idna/core.py" = ''
      def encode(s): return s.encode("ascii")
      def decode(b): return b.decode("ascii")'';
    "idna/package_data.py" = ''__version__ = "${version}"'';
  };
  meta = {
    description = "Internationalized Domain Names in Applications (IDNA)";
    license = lib.licenses.bsd3;
  };
}
