# manpages: data only, no references at all.
{ buildPackage, license }:

buildPackage {
  pname = "man-pages";
  version = "6.05";
  install = ''
    mkdir -p $out/share/man/man7
    for p in intro signal socket; do
      printf '.TH %s 7\n.SH NAME\n%s \\- othersets stand-in page\n' $p $p > $out/share/man/man7/$p.7
    done
  '';
  meta = { description = "Linux manual pages (stand-in)"; license = license.gpl2; };
}
