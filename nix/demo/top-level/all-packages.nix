# The demo's package set, one attribute per package, in the style of nixpkgs'
# pkgs/top-level/all-packages.nix. Attribute names follow nixpkgs.
{ lib, config }:

final: prev:

with final;

{
  # callPackage fills a package function's arguments from this set.
  callPackage = lib.callPackageWith final;

  ### BOOTSTRAP

  # The first derivation: busybox and its applet symlinks, built by the host's
  # static busybox. Everything else is built by ${busybox}/bin/sh.
  busybox = callPackage ../pkgs/os-specific/linux/busybox { stdenv = stdenvBootstrap; };

  # The "C library" most packages refer to (dynamic loader + RUNPATH).
  glibc = callPackage ../pkgs/development/libraries/glibc { stdenv = stdenvNoLibc; };

  ### BUILD SUPPORT

  # buildEnv { name; paths; }: one tree of symlinks to several packages (a function, not a package)
  buildEnv = callPackage ../pkgs/build-support/buildenv { };

  ### SHELLS

  bash = callPackage ../pkgs/shells/bash { };
  bashInteractive = callPackage ../pkgs/shells/bash { interactive = true; };

  # the shell nixpkgs puts into the shebang of generated scripts
  runtimeShell = "${bash}/bin/bash";

  ### TOOLS

  coreutils = callPackage ../pkgs/tools/misc/coreutils { };

  inherit (callPackage ../pkgs/tools/misc/gnu-userland.nix { })
    gnugrep gnused gawk findutils which gzip;

  less = callPackage ../pkgs/tools/misc/less { };
  cowsay = callPackage ../pkgs/tools/misc/cowsay { };
  figlet = callPackage ../pkgs/tools/misc/figlet { };
  tree = callPackage ../pkgs/tools/system/tree { };
  jq = callPackage ../pkgs/development/tools/jq { };
  curl = callPackage ../pkgs/tools/networking/curl { };
  unrar = callPackage ../pkgs/tools/archivers/unrar { }; # unfree

  ### APPLICATIONS

  hello = callPackage ../pkgs/applications/misc/hello { };
  git = callPackage ../pkgs/applications/version-management/git { };

  ### LIBRARIES

  zlib = callPackage ../pkgs/development/libraries/zlib { };
  openssl = callPackage ../pkgs/development/libraries/openssl { };
  ncurses = callPackage ../pkgs/development/libraries/ncurses { };
  readline = callPackage ../pkgs/development/libraries/readline { };
  sqlite = callPackage ../pkgs/development/libraries/sqlite { };
  libssh2 = callPackage ../pkgs/development/libraries/libssh2 { };
  libfrob = callPackage ../pkgs/development/libraries/libfrob { }; # meta.broken

  inherit (callPackage ../pkgs/development/libraries/small-libs.nix { })
    libffi pcre2 expat nghttp2;

  ### INTERPRETERS

  perl = callPackage ../pkgs/development/interpreters/perl { };

  python3 = callPackage ../pkgs/development/interpreters/python { };
  python3Packages = lib.recurseIntoAttrs python3.pkgs;

  ### DATA

  tzdata = callPackage ../pkgs/data/misc/tzdata { stdenv = stdenvNoLibc; };
  cacert = callPackage ../pkgs/data/misc/cacert { stdenv = stdenvNoLibc; };
  iana-etc = callPackage ../pkgs/data/misc/iana-etc { stdenv = stdenvNoLibc; };
}
