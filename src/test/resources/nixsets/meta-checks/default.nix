# A package set that checks nothing itself (no nixpkgs machinery, no config): unfree licences in
# every shape nixpkgs uses and a package marked broken, all of which build. Strata must refuse the
# unfree and broken ones on its own, unless allowed. `uses-closed` is free but needs an unfree
# package at run time: a set that checks nothing gives Strata no way to tell (see docs/security.md).
{ system ? builtins.currentSystem, ... }:
let
  busybox = builtins.path { path = /usr/bin; name = "meta-bootstrap"; filter = p: t: baseNameOf p == "busybox"; };
  tool = name: meta: extra: derivation ({
    inherit name system;
    builder = "${busybox}/busybox";
    args = [ "sh" "-c" "${busybox}/busybox mkdir -p $out/bin && echo '${name} ${extra.deps or ""}' > $out/bin/${name}" ];
  } // builtins.removeAttrs extra [ "deps" ]) // { inherit meta; };
  mit = { shortName = "mit"; spdxId = "MIT"; free = true; };
in
rec {
  free-tool = tool "free-tool" { license = mit; } { };
  closed-tool = tool "closed-tool" { license = { shortName = "unfree"; fullName = "Unfree"; free = false; }; } { };
  string-licence = tool "string-licence" { license = "unfree"; } { };
  listed-licence = tool "listed-licence" { license = [ mit { shortName = "unfreeRedistributable"; free = false; } ]; } { };
  short-name-only = tool "short-name-only" { license = { shortName = "unfree"; }; } { };
  flaky-tool = tool "flaky-tool" { license = mit; broken = true; } { };
  uses-closed = tool "uses-closed" { license = mit; } { deps = "${closed-tool}"; };
}
