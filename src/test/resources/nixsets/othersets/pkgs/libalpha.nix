{ buildPackage, libcore, license }:

buildPackage {
  pname = "libalpha";
  version = "2.0.1";
  refs = [ libcore ];
  install = ''
    mkdir -p $out/lib
    printf 'libalpha: links %s/lib/libcore.so.4\n' ${libcore} > $out/lib/libalpha.so.2
  '';
  meta = { description = "Alpha layer library (depends on core-runtime)"; license = license.mit; };
}
