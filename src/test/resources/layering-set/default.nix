# A tiny package set for layering tests, built with the machine's static busybox only (offline).
# Runtime references come from files naming other store paths, as shebangs and RPATHs do.
#   base <- libx <- app1;  base, libx <- app2;  base <- tool;  broken (meta.broken);  failing (builder fails)
{ system ? builtins.currentSystem, ... }:
let
  bootstrap = builtins.path {
    path = /usr/bin;
    name = "layering-test-busybox";
    filter = p: t: baseNameOf p == "busybox";
  };
  mk = { name, deps ? [ ], size ? 1, fail ? false, meta ? { } }: derivation {
    inherit name system;
    builder = "${bootstrap}/busybox";
    args = [ "sh" "-e" "-c" ''
      bb=${bootstrap}/busybox
      ${if fail then "echo this package fails on purpose; exit 1" else ""}
      $bb mkdir -p $out/bin $out/nix-support
      $bb head -c ${toString (size * 1024)} /dev/zero > $out/data
      printf '#!/bin/sh\necho ${name}\n' > $out/bin/${name}
      $bb chmod +x $out/bin/${name}
      for d in ${builtins.concatStringsSep " " (map toString deps)}; do echo $d >> $out/nix-support/runtime-deps; done
    '' ];
  } // { inherit meta; };
in
rec {
  base = mk { name = "base-1.0"; size = 64; meta.description = "the base library"; };
  libx = mk { name = "libx-2.1"; deps = [ base ]; size = 16; meta.description = "a library"; };
  app1 = mk { name = "app1-0.3"; deps = [ libx ]; size = 8; meta.description = "first application"; };
  app2 = mk { name = "app2-1.5"; deps = [ libx base ]; size = 4; meta.description = "second application"; };
  tool = mk { name = "tool-9"; deps = [ base ]; size = 2; meta.description = "a tool"; };
  broken = mk { name = "broken-0"; meta = { broken = true; description = "marked broken"; }; };
  failing = mk { name = "failing-0"; fail = true; meta.description = "fails to build"; };
}
