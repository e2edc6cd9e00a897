# buildPackage: the othersets way of making a derivation.
#
#   buildPackage {
#     pname, version,
#     install,            # shell code; $out is the output
#     refs ? [ ],         # store paths recorded in $out/share/othersets/refs (runtime references)
#     meta ? { }
#   }
#
# The builder is toolbox's sh (or the seed busybox for the toolbox itself).
{ system, shell, shellPrefix ? [ ], toolsBin ? "" }:

{ pname, version, install, refs ? [ ], meta ? { } }:

let
  drv = derivation {
    name = "${pname}-${version}";
    inherit system;
    builder = shell;
    args = shellPrefix ++ [ "-e" "-c" ''
      export PATH=${if toolsBin == "" then "/no-path" else toolsBin}
      umask 022
      # script DEST: write stdin as an executable script
      script() { mkdir -p "$(dirname "$1")"; cat > "$1"; chmod 0755 "$1"; }
      ${install}
      if [ -n "$refs" ]; then
        mkdir -p $out/share/othersets
        for r in $refs; do echo "$r"; done > $out/share/othersets/refs
      fi
    '' ];
    refs = map toString refs;
  };
in
drv // {
  inherit pname version;
  meta = { outputsToInstall = [ "out" ]; } // meta;
}
