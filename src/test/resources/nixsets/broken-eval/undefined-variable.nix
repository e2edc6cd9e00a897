# Refers to a variable that does not exist: importing this file fails with
# "error: undefined variable 'thisVariableIsNotDefined'".
derivation {
  name = "needs-undefined-1.0";
  system = builtins.currentSystem;
  builder = thisVariableIsNotDefined;
}
