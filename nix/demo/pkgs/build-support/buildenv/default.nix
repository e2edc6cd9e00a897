# buildEnv (nixpkgs: pkgs/build-support/buildenv): one tree of symlinks to the files of several
# packages, as a user environment or a container's root gets them. Directories are real, files are
# symlinks into the packages; a file two packages both have is a collision, refused unless
# ignoreCollisions (then the first package in `paths` wins). As in nixpkgs, each package gives the
# outputs it installs (meta.outputsToInstall, plus extraOutputsToInstall), only the directories in
# pathsToLink are linked, and postBuild runs last (here under busybox sh, with $out set).
#
#   buildEnv { name = "tools"; paths = [ hello curl ]; }
{ lib, busybox, system }:

lib.makeOverridable (
  { name
  , paths
  , pathsToLink ? [ "/" ]
  , extraOutputsToInstall ? [ ]
  , ignoreCollisions ? false
  , postBuild ? ""
  , meta ? { }
  , passthru ? { }
  }:
  let
    installed = p:
      map (o: p.${o}) (builtins.filter (o: p ? ${o})
        (lib.unique ((p.meta.outputsToInstall or [ (p.outputName or "out") ]) ++ extraOutputsToInstall)));

    drv = derivation {
      inherit name system;
      builder = "${busybox}/bin/sh";
      args = [ "-e" "-c" ''
        export PATH=${busybox}/bin
        mkdir -p $out
        for p in $paths; do
          for dir in $pathsToLink; do
            [ -d "$p$dir" ] || continue
            ( cd "$p$dir" && find . -mindepth 1 ! -type d ! -path './nix-support/*' | sort ) | while IFS= read -r f; do
              rel="''${dir%/}/''${f#./}"
              mkdir -p "$out$(dirname "$rel")"
              if [ -L "$out$rel" ] || [ -e "$out$rel" ]; then
                [ "$(readlink "$out$rel")" = "$p$rel" ] && continue
                if [ -n "$ignoreCollisions" ]; then continue; fi
                echo "buildEnv: collision between $(readlink "$out$rel") and $p$rel" >&2
                exit 1
              fi
              ln -s "$p$rel" "$out$rel"
            done
          done
        done
        ${postBuild}
      '' ];
      paths = builtins.concatLists (map installed paths);
      inherit pathsToLink ignoreCollisions;
    };
  in
  drv // passthru // {
    meta = { description = "Environment of " + toString (builtins.length paths) + " packages"; } // meta;
  }
)
