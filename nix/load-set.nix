# Loads a package set for Strata, whatever kind of source it comes from.
#
# Strata passes every argument as a string (--argstr), so this file can be called the same way
# for every source kind:
#   kind   = "demo" | "path" | "nixpkgs" | "channel" | "git" | "flake"
#   value  = a directory or .nix file (demo, path), a tarball URL (channel), a repository URL (git)
#            or a locked flake reference (flake)
#   ref    = for git: the full ref to fetch ("refs/heads/main", "refs/tags/v1"), or ""
#   rev    = for git: the 40-hex commit to check out, or ""
#   system = the Nix system to build for, e.g. "x86_64-linux" ("" = this machine's)
#   allowUnfree = "true" to allow packages with an unfree licence (nixpkgs' config.allowUnfree)
#   allowBroken = "true" to allow packages marked broken (nixpkgs' config.allowBroken)
#
# Both go to the set as nixpkgs' config, so a nixpkgs-style set applies them to every derivation
# it evaluates, deep dependencies included. Strata itself checks the packages a user names (in
# prepare-image.nix's info and in Java), so a set that checks nothing is held to the same rule.
#
# The set itself is imported exactly as nixpkgs is: if it is a function it is called with
# { system, config, overlays }, so a real nixpkgs works unchanged (a function that declares only
# some of them is given those it declares, as nix-build would accept it).
#
# A flake's set is what `nix build FLAKE#NAME` looks in: packages.<system>, then
# legacyPackages.<system> (a nixpkgs flake keeps its packages there, nested sets and all), merged so
# that a name in packages wins. Strata locked the flake before (nix flake metadata), so `value` is
# the locked reference: getFlake fetches exactly what was locked. A flake's outputs take no config,
# so allowUnfree/allowBroken reach only Strata's own check of the packages named. The call needs Nix's
# flakes feature, which Strata switches on per call (--extra-experimental-features).
{ kind, value ? "", ref ? "", rev ? "", system ? "", allowUnfree ? "false", allowBroken ? "false" }:
let
  src =
    if kind == "nixpkgs" then <nixpkgs>
    else if kind == "demo" || kind == "path" then /. + value
    else if kind == "channel" then builtins.fetchTarball value
    else if kind == "git" then
      builtins.fetchGit ({ url = value; }
        // (if ref != "" then { inherit ref; } else { })
        // (if rev != "" then { inherit rev; } else { })
        // (if ref == "" && rev != "" then { allRefs = true; } else { }))
    else if kind == "flake" then null # see flakeSet
    else throw "strata: unknown package source kind '${kind}'";
  args = {
    system = if system == "" then builtins.currentSystem else system;
    config = { allowUnfree = allowUnfree == "true"; allowBroken = allowBroken == "true"; };
    overlays = [ ];
  };

  flakeSet =
    let
      flake = builtins.getFlake value;
      sys = args.system;
      has = output: flake ? ${output} && builtins.isAttrs flake.${output} && flake.${output} ? ${sys};
      systems = builtins.concatLists (map (o: if flake ? ${o} && builtins.isAttrs flake.${o}
        then builtins.attrNames flake.${o} else [ ]) [ "packages" "legacyPackages" ]);
      # nix-env lists one attribute set once, so `default = hello;` would hide hello from search:
      # each package becomes a set of its own (same derivation, same outputs).
      distinct = builtins.mapAttrs (name: v:
        if builtins.isAttrs v && (v.type or null) == "derivation" then v // { strataAttribute = name; } else v);
      unique = builtins.foldl' (acc: s: if builtins.elem s acc then acc else acc ++ [ s ]) [ ] systems;
      outputs = builtins.filter (n: !(builtins.elem n [ "_type" "inputs" "lastModified" "lastModifiedDate"
        "narHash" "outPath" "outputs" "rev" "revCount" "shortRev" "sourceInfo" "submodules" ])) (builtins.attrNames flake);
    in
      if has "packages" || has "legacyPackages"
      then (if has "legacyPackages" then flake.legacyPackages.${sys} else { })
        // (if has "packages" then distinct flake.packages.${sys} else { })
      else if unique != [ ]
      then throw ("strata: the flake has no packages for ${sys}: its packages and legacyPackages are for "
        + builtins.concatStringsSep ", " unique + " only; build on such a system, or add packages.${sys} to the flake")
      else throw ("strata: the flake has no packages or legacyPackages outputs (its outputs: "
        + (if outputs == [ ] then "none" else builtins.concatStringsSep ", " outputs)
        + "); Strata builds images from packages, so add packages.${sys}.NAME to the flake");

  imported = import src;
  # A set that declares only some of nixpkgs' arguments (`{ system ? builtins.currentSystem }:`,
  # `{ pkgs ? import <nixpkgs> { } }:`, both fine for nix-build) gets the ones it declares: Nix
  # refuses a call with an argument the function does not name, even with a default for it. A set
  # that names none (`args:`, `{ ... }:`) or all of them gets all. (A function with `...` that names
  # some of them gets those only; Strata still checks the named packages' unfree/broken flags.)
  formals = builtins.functionArgs imported;
  callArgs = if formals == { } || builtins.all (n: formals ? ${n}) (builtins.attrNames args)
    then args else builtins.intersectAttrs formals args;
in
  if kind == "flake" then flakeSet
  else if builtins.isFunction imported then imported callArgs else imported
