# The three build stages of the demo set (compare nixpkgs' stdenv/linux stages):
#
#   stdenvBootstrap : builder = the host's static busybox (bootstrap-tools);
#                     builds only `busybox` (the first derivation).
#   stdenvNoLibc    : builder = ${busybox}/bin/sh; for glibc itself and data packages.
#   stdenv          : like stdenvNoLibc, but programs and libraries refer to glibc.
{ lib, config, system, pkgs }:

let
  bootstrapTools = import ./bootstrap-tools.nix;
  generic = import ./generic.nix;
in
{
  inherit bootstrapTools;

  stdenvBootstrap = generic {
    inherit lib config system;
    name = "stdenv-bootstrap";
    shell = "${bootstrapTools}/busybox";
    shellArgs = [ "sh" ];
  };

  stdenvNoLibc = generic {
    inherit lib config system;
    name = "stdenv-nolibc";
    shell = "${pkgs.busybox}/bin/sh";
    initialPath = [ pkgs.busybox ];
    toolsPath = "${pkgs.busybox}/bin";
  };

  stdenv = generic {
    inherit lib config system;
    name = "stdenv";
    shell = "${pkgs.busybox}/bin/sh";
    initialPath = [ pkgs.busybox ];
    toolsPath = "${pkgs.busybox}/bin";
    libc = pkgs.glibc;
  };
}
