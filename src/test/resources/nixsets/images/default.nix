# A small package set for the image tests: a static busybox, a hello script that runs through it
# (so hello's layer needs busybox's at run time), an app whose script runs hello from yet another
# store path, and a package with the awkward things a layer writer must get right.
{ system ? builtins.currentSystem, ... }:
let
  bootstrap = builtins.path { path = /usr/bin; name = "images-bootstrap"; filter = p: t: baseNameOf p == "busybox"; };
  bb = "${bootstrap}/busybox";
  mk = name: script: derivation {
    inherit name system;
    builder = bb;
    args = [ "sh" "-e" "-c" script ];
  };
in
rec {
  busybox = mk "busybox-1.35" ''
    ${bb} mkdir -p $out/bin
    ${bb} cp ${bb} $out/bin/busybox
    for a in $(${bb} --list); do
      [ "$a" = busybox ] || ${bb} ln -s busybox $out/bin/$a
    done
  '';

  hello = mk "hello-2.12" ''
    ${busybox}/bin/mkdir -p $out/bin $out/share/doc
    printf '#!${busybox}/bin/sh\necho "Hello, world!"\n' > $out/bin/hello
    ${busybox}/bin/chmod 555 $out/bin/hello
    echo "hello prints a greeting" > $out/share/doc/README
  '';

  greeter = mk "greeter-1.0" ''
    ${busybox}/bin/mkdir -p $out/bin
    printf '#!${busybox}/bin/sh\n${hello}/bin/hello\necho "greeted by the app, args: $*"\n' > $out/bin/greeter
    ${busybox}/bin/chmod 555 $out/bin/greeter
  '';

  # Long and non-ASCII names, a dangling link, a link to a directory, an empty directory, a file
  # larger than a gzip block, and a script that is not executable.
  oddities = mk "oddities-1.0" ''
    b=${busybox}/bin
    $b/mkdir -p $out/bin $out/share/empty $out/share/deep/a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/p/q/r/s/t/u/v/w/x/y/z
    long=$out/share/deep/a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/p/q/r/s/t/u/v/w/x/y/z/a-file-name-that-is-rather-long-so-that-the-whole-path-is-well-over-one-hundred-bytes.txt
    echo long > "$long"
    echo "grüße" > "$out/share/grüße-ünïcödé.txt"
    $b/ln -s /nix/store/00000000000000000000000000000000-missing/bin/nothing $out/bin/dangling
    $b/ln -s ../share $out/bin/share-link
    $b/ln -s $out/share/deep/a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/p/q/r/s/t/u/v/w/x/y/z/a-file-name-that-is-rather-long-so-that-the-whole-path-is-well-over-one-hundred-bytes.txt $out/bin/long-target
    $b/yes "0123456789abcdefghijklmnopqrstuvwxyz" | $b/head -c 2500000 > $out/share/big.txt
    printf '#!${busybox}/bin/sh\necho odd\n' > $out/bin/odd
    $b/chmod 555 $out/bin/odd
    echo "not executable" > $out/bin/plain
  '';
}
