# Aliases: other names for existing packages (nixpkgs' pkgs/top-level/aliases.nix).
# Disabled with `config.allowAliases = false`.
#
# Note: nix-env (2.8) skips an attribute set it has already seen, so a plain
# `python = final.python3;` would hide `python3` from `nix-env -qaP`. The
# alias is therefore a new attribute set (`// { aliasOf = ...; }`; `// { }`
# would be optimised away) with the same derivation: same name, drvPath and
# outPath, so both attribute paths are listed.
lib: final: prev:
let
  alias = target: final.${target} // { aliasOf = target; };
in
{
  python = alias "python3"; # nixpkgs' `python` once meant python2; here it is python3
}
