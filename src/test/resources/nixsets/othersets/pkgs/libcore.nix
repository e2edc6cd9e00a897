# libcore: the base library that most othersets packages refer to.
# Attribute `libcore`, pname "core-runtime".
{ buildPackage, license }:

buildPackage {
  pname = "core-runtime";
  version = "4.2.0";
  install = ''
    mkdir -p $out/lib $out/include
    i=0
    while [ $i -lt 2048 ]; do echo "core-runtime symbol table entry $i"; i=$((i + 1)); done > $out/lib/libcore.so.4.2.0
    ln -s libcore.so.4.2.0 $out/lib/libcore.so.4
    echo '#define CORE_RUNTIME_VERSION "4.2.0"' > $out/include/core.h
  '';
  meta = {
    description = "Core runtime library of the othersets package set";
    license = license.mit;
  };
}
