# figlet: draws large letters. The font (share/figlet/block.flf) is a real
# FIGlet 2 font file generated here from the table below (5 rows high; lower
# case letters reuse the capitals). The program is busybox sh + awk.
{ lib, stdenv }:

let
  glyphs = {
    "A" = [ " ### " "#   #" "#####" "#   #" "#   #" ];
    "B" = [ "#### " "#   #" "#### " "#   #" "#### " ];
    "C" = [ " ####" "#    " "#    " "#    " " ####" ];
    "D" = [ "#### " "#   #" "#   #" "#   #" "#### " ];
    "E" = [ "#####" "#    " "#### " "#    " "#####" ];
    "F" = [ "#####" "#    " "#### " "#    " "#    " ];
    "G" = [ " ####" "#    " "#  ##" "#   #" " ####" ];
    "H" = [ "#   #" "#   #" "#####" "#   #" "#   #" ];
    "I" = [ "###" " # " " # " " # " "###" ];
    "J" = [ "  ###" "   # " "   # " "#  # " " ##  " ];
    "K" = [ "#   #" "#  # " "###  " "#  # " "#   #" ];
    "L" = [ "#    " "#    " "#    " "#    " "#####" ];
    "M" = [ "#   #" "## ##" "# # #" "#   #" "#   #" ];
    "N" = [ "#   #" "##  #" "# # #" "#  ##" "#   #" ];
    "O" = [ " ### " "#   #" "#   #" "#   #" " ### " ];
    "P" = [ "#### " "#   #" "#### " "#    " "#    " ];
    "Q" = [ " ### " "#   #" "# # #" "#  # " " ## #" ];
    "R" = [ "#### " "#   #" "#### " "#  # " "#   #" ];
    "S" = [ " ####" "#    " " ### " "    #" "#### " ];
    "T" = [ "#####" "  #  " "  #  " "  #  " "  #  " ];
    "U" = [ "#   #" "#   #" "#   #" "#   #" " ### " ];
    "V" = [ "#   #" "#   #" "#   #" " # # " "  #  " ];
    "W" = [ "#   #" "#   #" "# # #" "## ##" "#   #" ];
    "X" = [ "#   #" " # # " "  #  " " # # " "#   #" ];
    "Y" = [ "#   #" " # # " "  #  " "  #  " "  #  " ];
    "Z" = [ "#####" "   # " "  #  " " #   " "#####" ];
    "0" = [ " ### " "#  ##" "# # #" "##  #" " ### " ];
    "1" = [ " # " "## " " # " " # " "###" ];
    "2" = [ " ### " "#   #" "  ## " " #   " "#####" ];
    "3" = [ "#### " "    #" " ### " "    #" "#### " ];
    "4" = [ "#   #" "#   #" "#####" "    #" "    #" ];
    "5" = [ "#####" "#    " "#### " "    #" "#### " ];
    "6" = [ " ### " "#    " "#### " "#   #" " ### " ];
    "7" = [ "#####" "    #" "   # " "  #  " "  #  " ];
    "8" = [ " ### " "#   #" " ### " "#   #" " ### " ];
    "9" = [ " ### " "#   #" " ####" "    #" " ### " ];
    " " = [ "   " "   " "   " "   " "   " ];
    "!" = [ "#" "#" "#" " " "#" ];
    "?" = [ " ### " "#   #" "  ## " "     " "  #  " ];
    "." = [ " " " " " " " " "#" ];
    "," = [ "  " "  " "  " " #" "# " ];
    ":" = [ " " "#" " " "#" " " ];
    ";" = [ "  " " #" "  " " #" "# " ];
    "'" = [ "#" "#" " " " " " " ];
    "-" = [ "    " "    " "####" "    " "    " ];
    "+" = [ "     " "  #  " "#####" "  #  " "     " ];
    "=" = [ "    " "####" "    " "####" "    " ];
    "_" = [ "     " "     " "     " "     " "#####" ];
    "/" = [ "    #" "   # " "  #  " " #   " "#    " ];
    "(" = [ " #" "# " "# " "# " " #" ];
    ")" = [ "# " " #" " #" " #" "# " ];
    "*" = [ "     " "# # #" " ### " "# # #" "     " ];
  };

  ascii = " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~";
  lower = lib.stringToCharacters "abcdefghijklmnopqrstuvwxyz";
  upper = lib.stringToCharacters "ABCDEFGHIJKLMNOPQRSTUVWXYZ";

  glyphFor = c: glyphs.${c} or glyphs.${builtins.replaceStrings lower upper c} or glyphs."?";
  pad = w: s: if builtins.stringLength s >= w then s else pad w (s + " ");
  maxLen = rows: builtins.foldl' (m: r: if builtins.stringLength r > m then builtins.stringLength r else m) 0 rows;
  renderGlyph = c:
    let
      rows = glyphFor c;
      w = maxLen rows;
      n = builtins.length rows;
    in
    lib.concatStrings (lib.imap0
      (i: r: pad w r + " " + (if i == n - 1 then "@@\n" else "@\n"))
      rows);

  font = ''
    flf2a$ 5 4 8 -1 2
    block.flf: a 5-line block font for the Strata demo figlet
    (generated from pkgs/tools/misc/figlet/default.nix)
  '' + lib.concatMapStrings renderGlyph (lib.stringToCharacters ascii);
in
stdenv.mkDerivation {
  pname = "figlet";
  version = "2.2.5";

  inherit font;

  buildCommand = ''
    mkdir -p $out/share/figlet
    printf '%s' "$font" > $out/share/figlet/block.flf
    ln -s block.flf $out/share/figlet/standard.flf

    writeProgram $out/bin/figlet <<EOF_PROG
    fontdir="$out/share/figlet"
    EOF_PROG
    cat >> $out/bin/figlet <<'EOF_PROG'
    font=standard
    while [ $# -gt 0 ]; do
      case "$1" in
        -f) font=$2; shift;;
        -d) fontdir=$2; shift;;
        -v) echo "FIGlet Copyright (C) 1991-2012 Glenn Chappell, Ian Chai, John Cowan, Christiaan Keet and Claudio Matsuoka"
            echo "Version: 2.2.5 (Strata demo)"; exit 0;;
        -I2) echo "$fontdir"; exit 0;;
        -h|--help) echo "Usage: figlet [ -v ] [ -f fontfile ] [ -d fontdirectory ] [ message ]"; exit 0;;
        --) shift; break;;
        -*) echo "figlet: unsupported option $1" >&2; exit 1;;
        *) break;;
      esac
      shift
    done
    case "$font" in
      */*) fontfile=$font;;
      *.flf) fontfile="$fontdir/$font";;
      *) fontfile="$fontdir/$font.flf";;
    esac
    [ -f "$fontfile" ] || { echo "figlet: $font: Unable to open font file" >&2; exit 1; }
    if [ $# -gt 0 ]; then printf '%s\n' "$*"; else cat; fi | awk -v fontfile="$fontfile" '
      BEGIN {
        ascii = " !\"#$%&\047()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~";
        getline header < fontfile;
        split(header, hf, " ");
        hardblank = substr(hf[1], length(hf[1]), 1);
        height = hf[2] + 0; comments = hf[6] + 0;
        for (i = 0; i < comments; i++) getline junk < fontfile;
        for (c = 1; c <= length(ascii); c++)
          for (r = 1; r <= height; r++) {
            if ((getline row < fontfile) <= 0) break;
            sub(/@+$/, "", row);
            gsub("[" hardblank "]", " ", row);
            glyph[c, r] = row;
          }
      }
      {
        for (r = 1; r <= height; r++) {
          out = "";
          for (i = 1; i <= length($0); i++) {
            c = index(ascii, substr($0, i, 1));
            if (c == 0) c = index(ascii, "?");
            out = out glyph[c, r];
          }
          sub(/ +$/, "", out);
          print out;
        }
      }'
    EOF_PROG
  '';

  meta = {
    description = "Program for making large letters out of ordinary text";
    homepage = "http://www.figlet.org/";
    license = lib.licenses.bsd3;
    mainProgram = "figlet";
  };
}
