# git: the deep closure of the demo set. bin/git is "linked" against zlib,
# openssl, curl, pcre2 and expat; its libexec helpers have shebangs into bash,
# perl and python3; git-remote-https is "linked" against curl. Closure:
# git, glibc, busybox, bash, perl, python3 (+ libffi, sqlite, readline,
# ncurses), curl (+ openssl, zlib, nghttp2, libssh2), pcre2, expat.
#
# bin/git really does: --version, init [DIR], hash-object FILE (the real
# SHA-1 of a blob), help; all other commands fail politely.
{ lib, stdenv, bash, perl, python3, curl, openssl, zlib, pcre2, expat, withPython ? true }:

stdenv.mkDerivation rec {
  pname = "git";
  version = "2.44.0";

  runpath = [ zlib openssl curl pcre2 expat ];
  programShell = "${bash}/bin/bash";
  # The interpreters the helpers' shebangs name (strings only in buildCommand), for tools
  # that walk a package's inputs, as nixpkgs' git lists them in its inputs.
  passthru = { inherit bash perl python3; };

  buildCommand = ''
    core=$out/libexec/git-core
    mkdir -p $out/bin $core

    writeProgram $out/bin/git <<EOF_GIT
    version="${version}"
    templates="$out/share/git-core/templates"
    EOF_GIT
    cat >> $out/bin/git <<'EOF_GIT'
    usage() {
      echo "usage: git [--version] [--help] <command> [<args>]"
      echo
      echo "These are the commands of the Strata demo git:"
      echo "   init          Create an empty Git repository"
      echo "   hash-object   Compute the object ID of a file"
      echo "   version       Show the git version"
    }
    cmd=$1; [ $# -gt 0 ] && shift
    case "$cmd" in
      --version|version) echo "git version $version";;
      ""|help|--help|-h) usage;;
      init)
        dir=''${1:-.}
        mkdir -p "$dir/.git/objects/info" "$dir/.git/objects/pack" "$dir/.git/refs/heads" "$dir/.git/refs/tags" "$dir/.git/hooks" "$dir/.git/info"
        abs=$(cd "$dir" && pwd)
        echo "ref: refs/heads/master" > "$dir/.git/HEAD"
        printf '[core]\n\trepositoryformatversion = 0\n\tfilemode = true\n\tbare = false\n' > "$dir/.git/config"
        cp "$templates/description" "$dir/.git/description"
        cp "$templates/info/exclude" "$dir/.git/info/exclude"
        echo "Initialized empty Git repository in $abs/.git/";;
      hash-object)
        [ -f "$1" ] || { echo "fatal: could not open '$1' for reading: No such file or directory" >&2; exit 128; }
        { printf 'blob %d\0' "$(wc -c < "$1")"; cat "$1"; } | sha1sum | cut -d' ' -f1;;
      *)
        echo "git: '$cmd' is not a git command. See 'git --help'." >&2
        exit 1;;
    esac
    EOF_GIT

    # helpers in libexec, as in the real git
    writeScript $core/git-sh-setup ${bash}/bin/bash <<'EOF_SH'
    # git-sh-setup: common shell functions for git scripts
    die() { echo >&2 "$@"; exit 1; }
    EOF_SH
    writeScript $core/git-send-email ${perl}/bin/perl <<'EOF_PL'
    use strict; use warnings;
    print "git-send-email is not supported by the Strata demo git\n";
    EOF_PL
    ${lib.optionalString withPython ''
      writeScript $core/git-p4 ${python3}/bin/python3 <<'EOF_P4'
      import sys
      print("git-p4 is not supported by the Strata demo git")
      EOF_P4
    ''}
    runpath="${lib.getLib curl}/lib:$runpath"
    writeProgram $core/git-remote-https <<'EOF_REMOTE'
    echo "fatal: remote helpers are not supported by the Strata demo git" >&2; exit 128
    EOF_REMOTE
    for r in http ftp ftps; do ln -s git-remote-https $core/git-remote-$r; done
    # builtins are links to the main binary
    for b in add commit log status diff checkout branch merge fetch pull push init hash-object; do
      ln -s ../../bin/git $core/git-$b
    done

    t=$out/share/git-core/templates
    mkdir -p $t/hooks $t/info
    echo "Unnamed repository; edit this file 'description' to name the repository." > $t/description
    printf '# git ls-files --others --exclude-from=.git/info/exclude\n# Lines that start with "#" are comments.\n' > $t/info/exclude
    for h in pre-commit commit-msg pre-push post-update; do
      { echo '#!/bin/sh'; echo "# An example hook script ($h.sample)."; echo "exit 0"; } > $t/hooks/$h.sample
      chmod 0555 $t/hooks/$h.sample
    done
    mkdir -p $out/share/bash-completion/completions
    { echo "# bash completion for git (Strata demo)"; filler git-completion 24 | sed 's/^/# /'; } \
      > $out/share/bash-completion/completions/git
  '';

  meta = {
    description = "Distributed version control system";
    homepage = "https://git-scm.com/";
    license = lib.licenses.gpl2Only;
    mainProgram = "git";
  };
}
