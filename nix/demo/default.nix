# The Strata demo package set: a small, self-contained, nixpkgs-shaped set.
#
#   nix-env -f nix/demo -qaP --json --meta
#   nix-build nix/demo -A hello && ./result/bin/hello
#   nix-build nix/demo --arg config '{ allowUnfree = true; }' -A unrar
#
# Arguments are those of nixpkgs' default.nix.
{ system ? builtins.currentSystem
, config ? { }
, overlays ? [ ]
, ...
}:

import ./top-level {
  inherit system overlays;
  config = if builtins.isFunction config then config { } else config;
}
