{ buildPackage, libalpha, libcore, license }:

buildPackage {
  pname = "libbeta";
  version = "0.7.3";
  install = ''
    mkdir -p $out/lib
    printf 'libbeta: links %s/lib/libalpha.so.2 %s/lib/libcore.so.4\n' ${libalpha} ${libcore} > $out/lib/libbeta.so.0
  '';
  meta = { description = "Beta layer library (depends on libalpha)"; license = license.mit; };
}
