# cowsay and cowthink (bin/cowthink -> cowsay, a relative symlink). The
# program is a bash script ("#!${bash}/bin/bash"), so the closure has bash,
# busybox and glibc; cow files live in share/cowsay/cows.
{ lib, stdenv, bash }:

stdenv.mkDerivation rec {
  pname = "cowsay";
  version = "3.7.0";

  programShell = "${bash}/bin/bash";

  buildCommand = ''
    mkdir -p $out/share/cowsay/cows
    cat > $out/share/cowsay/cows/default.cow <<'EOF_COW'
            $thoughts   ^__^
             $thoughts  ($eyes)\_______
                (__)\       )\/\
                 $tongue ||----w |
                    ||     ||
    EOF_COW
    cat > $out/share/cowsay/cows/tux.cow <<'EOF_COW'
       $thoughts
        $thoughts
            .--.
           |o_o |
           |:_/ |
          //   \ \
         (|     | )
        /'\_   _/`\
        \___)=(___/
    EOF_COW
    cat > $out/share/cowsay/cows/small.cow <<'EOF_COW'
           $thoughts   ,__,
            $thoughts  ($eyes)____
               (__)    )\
                $tongue||--|| *
    EOF_COW

    writeProgram $out/bin/cowsay <<EOF_PROG
    # cowsay / cowthink in busybox sh + awk
    cows="$out/share/cowsay/cows"
    EOF_PROG
    cat >> $out/bin/cowsay <<'EOF_PROG'
    think=0
    case "$(basename "$0")" in cowthink) think=1;; esac
    cow=default; eyes=oo; tongue="  "; width=40
    while [ $# -gt 0 ]; do
      case "$1" in
        -f) cow=$2; shift;;
        -e) eyes=$(printf '%.2s' "$2"); shift;;
        -T) tongue=$(printf '%-2.2s' "$2"); shift;;
        -W) width=$2; shift;;
        -l) ls "$cows" | sed 's/\.cow$//'; exit 0;;
        -d) eyes=xx; tongue="U ";;
        -b) eyes="==";;
        -p) eyes="@@";;
        -h|--help) echo "Usage: cowsay [-bdp] [-e eyes] [-f cowfile] [-l] [-T tongue] [-W wrapcolumn] [message]"; exit 0;;
        --version) echo "cowsay 3.7.0 (Strata demo)"; exit 0;;
        --) shift; break;;
        *) break;;
      esac
      shift
    done
    case "$cow" in */*) cowfile=$cow;; *) cowfile="$cows/$cow.cow";; esac
    if [ ! -f "$cowfile" ]; then echo "cowsay: Could not find $cow cowfile!" >&2; exit 1; fi
    if [ $# -gt 0 ]; then msg="$*"; else msg=$(cat); fi
    printf '%s\n' "$msg" | awk -v width="$width" -v think="$think" '
      { gsub(/\t/, "        ");
        n = split($0, w, " ");
        if (n == 0) { lines[++cnt] = ""; next }
        line = "";
        for (i = 1; i <= n; i++) {
          word = w[i];
          while (length(word) > width) {
            if (line != "") { lines[++cnt] = line; line = "" }
            lines[++cnt] = substr(word, 1, width); word = substr(word, width + 1);
          }
          if (line == "") line = word;
          else if (length(line) + 1 + length(word) <= width) line = line " " word;
          else { lines[++cnt] = line; line = word }
        }
        lines[++cnt] = line;
      }
      END {
        max = 0;
        for (i = 1; i <= cnt; i++) if (length(lines[i]) > max) max = length(lines[i]);
        top = " "; bot = " ";
        for (i = 0; i < max + 2; i++) { top = top "_"; bot = bot "-" }
        print top;
        for (i = 1; i <= cnt; i++) {
          if (think == 1) { l = "("; r = ")" }
          else if (cnt == 1) { l = "<"; r = ">" }
          else if (i == 1) { l = "/"; r = "\\" }
          else if (i == cnt) { l = "\\"; r = "/" }
          else { l = "|"; r = "|" }
          printf "%s %-" max "s %s\n", l, lines[i], r;
        }
        print bot;
      }'
    awk -v think="$think" -v e="$eyes" -v g="$tongue" '
      BEGIN { t = (think == 1) ? "o" : "\\" }
      { gsub(/\$thoughts/, t); gsub(/\$eyes/, e); gsub(/\$tongue/, g); print }' "$cowfile"
    EOF_PROG
    ln -s cowsay $out/bin/cowthink
  '';

  meta = {
    description = "Program which generates ASCII pictures of a cow with a message";
    homepage = "https://cowsay.diamonds";
    license = lib.licenses.gpl3Plus;
    mainProgram = "cowsay";
  };
}
