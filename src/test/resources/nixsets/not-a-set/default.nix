# Evaluates to a string, not to an attribute set of packages.
{ ... }:

"this is not a package set"
