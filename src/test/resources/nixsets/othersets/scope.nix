# Fixed-point helpers of the othersets package set (written independently of
# nixpkgs' lib; same ideas: a self-referential scope, overlays, callPackage).
rec {
  # makeScopeWithOverlays (self: { ... }) [ overlay ... ]
  makeScopeWithOverlays = base: overlays:
    let
      layered = builtins.foldl'
        (f: overlay: self: let prev = f self; in prev // overlay self prev)
        base
        overlays;
      self = layered self // {
        callPackage = scopedCall self;
      };
    in
    self;

  # scopedCall scope fileOrFunction overrides
  scopedCall = scope: fn: overrides:
    let
      f = if builtins.isFunction fn then fn else import fn;
      wanted = builtins.functionArgs f;
    in
    f (builtins.intersectAttrs wanted scope // overrides);

  # mark a nested set for nix-env / nix-build
  descend = attrs: attrs // { recurseForDerivations = true; };
}
