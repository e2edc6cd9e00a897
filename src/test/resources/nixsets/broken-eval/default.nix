# A package set that fails to evaluate (for Strata's error-handling tests).
# The top-level set itself evaluates (its attribute names can be listed), but
# evaluating its packages fails: `needsUndefined` imports a file with an
# undefined variable, `thrower` throws. `nix-env -qa` on it fails.
{ system ? builtins.currentSystem, config ? { }, overlays ? [ ], ... }:

{
  needsUndefined = import ./undefined-variable.nix;
  thrower = builtins.throw "broken-eval: package 'thrower' is broken on purpose";
}
