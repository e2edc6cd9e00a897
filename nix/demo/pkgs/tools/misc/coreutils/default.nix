# coreutils: the GNU core utilities as symlinks into busybox
# (bin/ls -> /nix/store/...-busybox-1.35.0/bin/busybox). Busybox dispatches on
# the name it is called by, so every link works on its own.
{ lib, stdenv, busybox }:

let
  tools = [
    "[" "base64" "basename" "cat" "chgrp" "chmod" "chown" "chroot" "cksum" "cp" "cut"
    "date" "dd" "df" "dirname" "du" "echo" "env" "expand" "expr" "factor" "false"
    "fold" "groups" "head" "hostid" "id" "link" "ln" "logname" "ls" "md5sum" "mkdir"
    "mkfifo" "mknod" "mktemp" "mv" "nl" "nproc" "od" "paste" "printf" "pwd"
    "readlink" "realpath" "rm" "rmdir" "seq" "sha1sum" "sha256sum" "sha512sum"
    "shred" "shuf" "sleep" "sort" "stat" "stty" "sync" "tac" "tail" "tee" "test"
    "timeout" "touch" "tr" "true" "truncate" "tty" "uname" "unexpand" "uniq"
    "unlink" "uptime" "wc" "whoami" "yes"
  ];
in
stdenv.mkDerivation {
  pname = "coreutils";
  version = "9.4";

  buildCommand = ''
    mkdir -p $out/bin
    for t in ${lib.concatMapStringsSep " " (t: "'${t}'") tools}; do
      # only link what this busybox really provides
      if [ -e "${busybox}/bin/$t" ]; then ln -s ${busybox}/bin/busybox "$out/bin/$t"; fi
    done
  '';

  meta = {
    description = "The GNU Core Utilities (as symlinks into busybox)";
    homepage = "https://www.gnu.org/software/coreutils/";
    license = lib.licenses.gpl3Plus;
  };
}
