# A package set whose one package never finishes building: for timeout and cancellation tests.
# The derivation differs with every evaluation (the time is part of it): a sleeper that some
# earlier run left building (and that finished after ten minutes) can never make a later test
# find it "already in the store".
{ system ? builtins.currentSystem, ... }:
let
  busybox = builtins.path { path = /usr/bin; name = "slow-bootstrap"; filter = p: t: baseNameOf p == "busybox"; };
in
{
  sleeper = derivation {
    name = "sleeper-1.0";
    inherit system;
    evaluatedAt = toString builtins.currentTime;
    builder = "${busybox}/busybox";
    args = [ "sh" "-c" "echo going to sleep; ${busybox}/busybox sleep 600; ${busybox}/busybox mkdir $out" ];
  };
}
