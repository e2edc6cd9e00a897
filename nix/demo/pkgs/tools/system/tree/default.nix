# tree: lists directories as a tree (GNU-tree-like output), written in sh.
# Its shebang is "#!${bash}/bin/bash".
{ lib, stdenv, bash }:

stdenv.mkDerivation {
  pname = "tree";
  version = "2.1.1";

  programShell = "${bash}/bin/bash";

  buildCommand = ''
    writeProgram $out/bin/tree <<'EOF_TREE'
    all=0; dirsonly=0; maxdepth=-1; ndirs=0; nfiles=0
    while [ $# -gt 0 ]; do
      case "$1" in
        -a) all=1;;
        -d) dirsonly=1;;
        -L) maxdepth=$2; shift;;
        --version) echo "tree v2.1.1 (Strata demo) (c) 1996 - 2023 by Steve Baker, Thomas Moore, Francesc Rocher, Florian Sesser, Kyosuke Tokoro"; exit 0;;
        --help) echo "usage: tree [-ad] [-L level] [--] [directory ...]"; exit 0;;
        --) shift; break;;
        -*) echo "tree: Invalid argument -\`$1'." >&2; exit 2;;
        *) break;;
      esac
      shift
    done
    [ $# -gt 0 ] || set -- .

    walk() { # walk DIR PREFIX DEPTH
      local dir="$1" prefix="$2" depth="$3" entries count i name path conn next
      if [ $all = 1 ]; then entries=$(ls -1A "$dir"); else entries=$(ls -1 "$dir"); fi
      if [ $dirsonly = 1 ]; then
        local kept=""
        local IFS='
    '
        for name in $entries; do
          if [ -d "$dir/$name" ] && [ ! -L "$dir/$name" ]; then kept="$kept$name
    "; fi
        done
        entries=$kept
      fi
      [ -n "$entries" ] || return 0
      count=$(printf '%s\n' "$entries" | grep -c .)
      i=0
      local IFS='
    '
      for name in $entries; do
        i=$((i + 1))
        path="$dir/$name"
        if [ $i -eq $count ]; then conn="└── "; next="    "; else conn="├── "; next="│   "; fi
        if [ -L "$path" ]; then
          printf '%s%s%s -> %s\n' "$prefix" "$conn" "$name" "$(readlink "$path")"
          if [ -d "$path" ]; then ndirs=$((ndirs + 1)); else nfiles=$((nfiles + 1)); fi
        elif [ -d "$path" ]; then
          printf '%s%s%s\n' "$prefix" "$conn" "$name"
          ndirs=$((ndirs + 1))
          if [ $maxdepth -lt 0 ] || [ $((depth + 1)) -lt $maxdepth ]; then
            walk "$path" "$prefix$next" $((depth + 1))
          fi
        else
          printf '%s%s%s\n' "$prefix" "$conn" "$name"
          nfiles=$((nfiles + 1))
        fi
      done
    }

    status=0
    for top in "$@"; do
      if [ -d "$top" ]; then
        echo "$top"
        walk "$top" "" 0
      else
        echo "$top  [error opening dir]"
        status=2
      fi
    done
    echo
    if [ $ndirs = 1 ]; then d=directory; else d=directories; fi
    if [ $nfiles = 1 ]; then f=file; else f=files; fi
    if [ $dirsonly = 1 ]; then echo "$ndirs $d"; else echo "$ndirs $d, $nfiles $f"; fi
    exit $status
    EOF_TREE
  '';

  meta = {
    description = "Command to produce a depth indented directory listing";
    homepage = "https://oldmanprogrammer.net/source.php?dir=projects/tree";
    license = lib.licenses.gpl2Plus;
    mainProgram = "tree";
  };
}
