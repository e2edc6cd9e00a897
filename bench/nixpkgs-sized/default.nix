# A generated package set the size of nixpkgs, for bench/search.sh: 120,000 attributes (by
# default), most at the top level and the rest in nested package sets as nixpkgs has them
# (python3Packages.*, haskellPackages.*, ... with recurseForDerivations), each with the meta that
# search shows: description, version, licence, homepage (and mainProgram on some). Nothing here is
# ever built: nix-env -qaP --json --meta only evaluates names and meta, so no binary cache and no
# builder are needed. Called like nixpkgs: { system, config, overlays } (all optional), plus
# `count` to scale it (bench/search.sh --count N).
#
# Names are deterministic words: index i is spread over the name space (i * 7919 mod N) and written
# in base 40 with one syllable per digit, so every name is distinct and looks like a package
# ("lomarixen"); a few real names (hello, git, python3, ...) are at the top for hand queries.
{ system ? builtins.currentSystem, config ? { }, overlays ? [ ], count ? 120000 }:
let
  syllables = [ "ba" "co" "de" "fi" "gu" "ha" "jo" "ki" "lu" "ma" "ne" "po" "qui" "ra" "si" "to"
                "vu" "wa" "xe" "yo" "zen" "lib" "tor" "pix" "mon" "gel" "dra" "sto" "cli" "net"
                "gra" "fon" "mel" "rix" "tal" "ver" "sol" "kan" "pyr" "ox" ];
  base = builtins.length syllables;
  word = n: let d = n - (n / base) * base; rest = n / base;
    in builtins.elemAt syllables d + (if rest == 0 then "" else word (rest - 1));
  words = [ "library" "tool" "command-line" "utility" "for" "parsing" "fast" "simple" "bindings"
            "to" "the" "network" "image" "audio" "viewer" "editor" "compiler" "framework" "client"
            "server" "data" "format" "terminal" "graphical" "interface" "small" "modern" "secure"
            "file" "manager" "system" "monitor" "fonts" "toolkit" "database" "driver" "scientific"
            "plotting" "testing" "documentation" "generator" "web" "proxy" "cryptography" "game"
            "engine" "Python" "Haskell" "Perl" "R" "JavaScript" "OCaml" "Emacs" "package" "with"
            "support" "and" "an" "implementation" "of" "protocol" "markup" "language" "runtime" ];
  nwords = builtins.length words;
  licences = [
    { spdxId = "MIT"; shortName = "mit"; fullName = "MIT License"; free = true; }
    { spdxId = "GPL-3.0-or-later"; shortName = "gpl3Plus"; fullName = "GNU General Public License v3.0 or later"; free = true; }
    { spdxId = "Apache-2.0"; shortName = "asl20"; fullName = "Apache License 2.0"; free = true; }
    { spdxId = "BSD-3-Clause"; shortName = "bsd3"; fullName = "BSD 3-clause \"New\" or \"Revised\" License"; free = true; }
    { spdxId = "LGPL-2.1-only"; shortName = "lgpl21Only"; fullName = "GNU Lesser General Public License v2.1 only"; free = true; }
    { shortName = "unfree"; fullName = "Unfree"; free = false; }
  ];
  hexDigits = { "0" = 0; "1" = 1; "2" = 2; "3" = 3; "4" = 4; "5" = 5; "6" = 6; "7" = 7;
    "8" = 8; "9" = 9; "a" = 10; "b" = 11; "c" = 12; "d" = 13; "e" = 14; "f" = 15; };
  hexValue = c: hexDigits.${c};
  byte = h: k: hexValue (builtins.substring (2 * k) 1 h) * 16 + hexValue (builtins.substring (2 * k + 1) 1 h);
  # One package: a derivation that is never instantiated (nix-env -qa reads name and meta only).
  mkPackage = prefix: i: pname:
    let
      h = builtins.hashString "sha1" "${prefix}${toString i}";
      version = "${toString (byte h 0 / 40)}.${toString (byte h 1 / 12)}.${toString (byte h 2 / 25)}";
      description = builtins.concatStringsSep " " (builtins.genList (k:
        builtins.elemAt words (byte h (3 + k) - (byte h (3 + k) / nwords) * nwords)) (4 + byte h 10 / 32));
      licence = builtins.elemAt licences (if byte h 11 < 3 then 5 else byte h 11 / 52);
    in
      derivation {
        name = "${prefix}${pname}-${version}";
        inherit system;
        builder = "/bin/sh";
        args = [ "-c" "echo never built; exit 1" ];
      } // {
        inherit pname version;
        meta = {
          description = (builtins.substring 0 1 description) + (builtins.substring 1 200 description);
          license = licence;
          homepage = "https://${pname}.example.org/";
          platforms = [ "x86_64-linux" "aarch64-linux" ];
          maintainers = [ { name = "Strata Bench"; github = "strata-bench"; } ];
        } // (if byte h 12 < 64 then { mainProgram = pname; } else { })
          // (if byte h 13 < 2 then { broken = true; } else { });
      };
  # n packages: attribute names spread over the name space so that neighbours differ.
  packageSet = prefix: salt: n:
    builtins.listToAttrs (builtins.genList (i:
      let pname = word (((i * 7919) + salt) - (((i * 7919) + salt) / (n * 4)) * (n * 4));
      in { name = pname; value = mkPackage prefix i pname; }) n);
  scale = x: x * count / 120000;
  nested = {
    python3Packages = scale 12000;
    haskellPackages = scale 18000;
    rPackages = scale 10000;
    perlPackages = scale 4000;
    nodePackages = scale 3000;
    ocamlPackages = scale 1500;
    emacsPackages = scale 1500;
  };
  nestedCount = builtins.foldl' (a: b: a + b) 0 (builtins.attrValues nested);
  named = [ "hello" "git" "gcc" "python3" "firefox" "ripgrep" "curl" "openssl" "vim" "emacs" ];
  top = packageSet "" 0 (count - nestedCount - builtins.length named);
  real = builtins.listToAttrs (builtins.genList (i: let n = builtins.elemAt named i; in
    { name = n; value = mkPackage "" (1000000 + i) n; }) (builtins.length named));
  sets = builtins.mapAttrs (set: n: packageSet "${set}-" (builtins.stringLength set) n
    // { recurseForDerivations = true; }) nested;
in
  top // real // sets
