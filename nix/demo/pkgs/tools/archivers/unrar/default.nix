# unrar: an UNFREE package (license unfreeRedistributable, so meta.unfree = true).
# Its name and meta evaluate; its drvPath/outPath throw unless
# config.allowUnfree = true or NIXPKGS_ALLOW_UNFREE=1, exactly like nixpkgs.
{ lib, stdenv }:

stdenv.mkDerivation rec {
  pname = "unrar";
  version = "7.0.7";

  buildCommand = ''
    writeProgram $out/bin/unrar <<'EOF_UNRAR'
    echo
    echo "UNRAR ${version} freeware      Copyright (c) 1993-2024 Alexander Roshal (Strata demo stand-in)"
    echo
    if [ $# -eq 0 ] || [ "$1" = "-?" ]; then
      echo "Usage:     unrar <command> -<switch 1> -<switch N> <archive> <files...>"
      exit 0
    fi
    echo "ERROR: the Strata demo unrar cannot extract archives" >&2
    exit 10
    EOF_UNRAR
    mkdir -p $out/share/doc/unrar
    printf 'The source code of UnRAR utility is freeware.\n(Strata demo: license text stand-in.)\n' > $out/share/doc/unrar/license.txt
  '';

  meta = {
    description = "Utility for RAR archives";
    homepage = "https://www.rarlab.com/";
    license = lib.licenses.unfreeRedistributable;
    mainProgram = "unrar";
  };
}
