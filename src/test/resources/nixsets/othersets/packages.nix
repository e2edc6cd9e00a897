# The othersets packages. Attribute names are this set's own; note `libcore`
# whose pname is "core-runtime", and perlPackages (a nested set).
{ system, config, scope }:

let
  license = {
    mit = { shortName = "mit"; spdxId = "MIT"; fullName = "MIT License"; free = true; };
    bsd2 = { shortName = "bsd2"; spdxId = "BSD-2-Clause"; fullName = "BSD 2-Clause License"; free = true; };
    gpl2 = { shortName = "gpl2Only"; spdxId = "GPL-2.0-only"; fullName = "GNU General Public License v2.0 only"; free = true; };
    artistic2 = { shortName = "artistic2"; spdxId = "Artistic-2.0"; fullName = "Artistic License 2.0"; free = true; };
  };

  seed = builtins.path {
    path = /usr/bin;
    name = "seed-busybox";
    filter = path: type: baseNameOf path == "busybox";
  };
in
self: with self; {
  inherit system config license;

  # stage 0: only used to build `toolbox`
  buildSeedPackage = import ./builders.nix {
    inherit system;
    shell = "${seed}/busybox";
    shellPrefix = [ "sh" ];
  };

  # everything else
  buildPackage = import ./builders.nix {
    inherit system;
    shell = "${toolbox}/bin/sh";
    toolsBin = "${toolbox}/bin";
  };

  toolbox = callPackage ./pkgs/toolbox.nix { inherit seed; };
  libcore = callPackage ./pkgs/libcore.nix { };
  posixShell = callPackage ./pkgs/posix-shell.nix { };
  hello = callPackage ./pkgs/hello.nix { };
  libalpha = callPackage ./pkgs/libalpha.nix { };
  libbeta = callPackage ./pkgs/libbeta.nix { };
  deepApp = callPackage ./pkgs/deep-app.nix { };
  perl = callPackage ./pkgs/perl.nix { };
  manpages = callPackage ./pkgs/manpages.nix { };

  perlPackages = scope.descend (import ./perl-packages.nix { inherit scope; } self);
}
