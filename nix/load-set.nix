# Loads a package set for Strata, whatever kind of source it comes from.
#
# Strata passes every argument as a string (--argstr), so this file can be called the same way
# for every source kind:
#   kind   = "demo" | "path" | "nixpkgs" | "channel" | "git"
#   value  = a directory or .nix file (demo, path), a tarball URL (channel) or a repository URL (git)
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
# { system, config, overlays }, so a real nixpkgs works unchanged.
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
    else throw "strata: unknown package source kind '${kind}'";
  imported = import src;
  args = {
    system = if system == "" then builtins.currentSystem else system;
    config = { allowUnfree = allowUnfree == "true"; allowBroken = allowBroken == "true"; };
    overlays = [ ];
  };
in
  if builtins.isFunction imported then imported args else imported
