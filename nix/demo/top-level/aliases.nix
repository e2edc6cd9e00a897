# Aliases: other names for existing packages (nixpkgs' pkgs/top-level/aliases.nix).
# Disabled with `config.allowAliases = false`.
lib: final: prev:
{
  python = final.python3; # nixpkgs' `python` once meant python2; here it is python3
}
