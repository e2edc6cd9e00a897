# A stdenv-like `mkDerivation` on top of the `derivation` builtin
# (the demo's version of nixpkgs' pkgs/stdenv/generic).
#
#   shell       : the builder program (a store path string)
#   shellArgs   : arguments put before `-e setup.sh` (the bootstrap stage
#                 runs "<busybox> sh -e setup.sh"; later stages run "<sh> -e setup.sh")
#   initialPath : packages whose bin/ goes on PATH during builds
#   libc        : null, or the glibc package that "programs" and "libraries"
#                 made with writeProgram / fakeLib refer to (their loader and RUNPATH)
#   toolsPath   : a bin directory that programs made with writeProgram append
#                 to PATH (busybox's: see writeProgram in setup.sh)
{ lib, config, system, name, shell, shellArgs ? [ ], initialPath ? [ ], libc ? null, toolsPath ? "" }:

let
  checkMeta = import ./check-meta.nix { inherit lib config; };

  mkDerivation =
    attrs@{ pname
    , version
    , buildCommand
    , outputs ? [ "out" ]
    , meta ? { }
    , passthru ? { }
    , nativeBuildInputs ? [ ]
      # libraries whose lib/ directory goes into the RUNPATH of programs and
      # libraries written with writeProgram / fakeLib (store references)
    , runpath ? [ ]
      # store paths written to $out/nix-support/runtime-deps (store references)
    , runtimeDeps ? [ ]
      # the interpreter writeProgram puts in the shebang line
    , programShell ? shell
    , ...
    }:
    let
      name = "${pname}-${version}";
      checked = checkMeta (attrs // { inherit name; }) outputs;
      guard = x: if checked.valid then x else throw checked.message;

      drv = derivation (
        builtins.removeAttrs attrs [ "meta" "passthru" "nativeBuildInputs" "runpath" "runtimeDeps" ]
        // {
          inherit name system outputs programShell;
          # a lazy throw: instantiating a refused package fails even through
          # one of its outputs (pkg.dev, pkg.all, ...)
          builder = guard shell;
          args = shellArgs ++ [ "-e" ./setup.sh ];
          PATH = lib.makeBinPath (initialPath ++ nativeBuildInputs);
          libc = if libc == null then "" else "${libc}";
          inherit toolsPath;
          runpath = lib.concatStringsSep ":"
            (map (p: "${lib.getLib p}/lib") runpath
              ++ lib.optional (libc != null) "${libc}/lib");
          runtimeDeps = map toString runtimeDeps;
        }
      );

      # What every output's attribute set has in common (as in nixpkgs, each
      # output has meta, passthru and all other outputs).
      common = passthru // {
        meta = checked.meta;
        # What the derivation was made from, as nixpkgs' packages show it (buildInputs,
        # nativeBuildInputs): tools that walk a package's inputs (Strata's SBOM metadata,
        # prepare-image.nix `meta`) find them here. Not part of the derivation: hashes stay.
        buildInputs = runpath ++ runtimeDeps;
        nativeBuildInputs = initialPath ++ nativeBuildInputs ++ (if libc == null then [ ] else [ libc ]);
        inherit passthru;
        drvPath = guard drv.drvPath;
        overrideAttrs = f: mkDerivation (attrs // f attrs);
        all = map (o: outputSet.${o}) outputs;
      };

      outputSet = builtins.listToAttrs (map
        (o: {
          name = o;
          value = drv.${o} // outputSet // common // {
            outPath = guard drv.${o}.outPath;
            outputName = o;
          };
        })
        outputs);
    in
    outputSet.${builtins.head outputs};
in
{
  inherit name shell libc mkDerivation;
  inherit initialPath;
}
