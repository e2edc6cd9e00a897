# A package set whose one package never finishes building: for timeout and cancellation tests.
{ system ? builtins.currentSystem, ... }:
let
  busybox = builtins.path { path = /usr/bin; name = "slow-bootstrap"; filter = p: t: baseNameOf p == "busybox"; };
in
{
  sleeper = derivation {
    name = "sleeper-1.0";
    inherit system;
    builder = "${busybox}/busybox";
    args = [ "sh" "-c" "echo going to sleep; ${busybox}/busybox sleep 600; ${busybox}/busybox mkdir $out" ];
  };
}
