# A small subset of nixpkgs' `lib`, written from scratch for the Strata demo set.
# Only what the demo packages need; names and semantics follow nixpkgs.
let
  lib = rec {
    licenses = import ./licenses.nix;

    # --- fixed points (lib/fixed-points.nix) ---------------------------------
    fix = f: let x = f x; in x;

    # `extends overlay f`: apply one `final: prev:` overlay on top of the
    # fixed-point function `f` (exactly like nixpkgs' lib.extends).
    extends = overlay: f: final:
      let prev = f final;
      in prev // overlay final prev;

    composeManyExtensions = overlays: final: prev:
      builtins.foldl'
        (acc: overlay: acc // overlay final (prev // acc))
        { } overlays;

    # --- trivial / lists / attrsets ------------------------------------------
    id = x: x;
    flip = f: a: b: f b a;
    foldl' = builtins.foldl';
    optional = cond: x: if cond then [ x ] else [ ];
    optionals = cond: xs: if cond then xs else [ ];
    optionalString = cond: s: if cond then s else "";
    optionalAttrs = cond: as: if cond then as else { };
    toList = x: if builtins.isList x then x else [ x ];
    unique = builtins.foldl' (acc: x: if builtins.elem x acc then acc else acc ++ [ x ]) [ ];
    concatStringsSep = builtins.concatStringsSep;
    concatMapStringsSep = sep: f: xs: builtins.concatStringsSep sep (map f xs);
    concatMapStrings = f: xs: builtins.concatStringsSep "" (map f xs);
    concatStrings = builtins.concatStringsSep "";
    mapAttrs = builtins.mapAttrs;
    concatMapAttrs = f: set: builtins.foldl' (acc: n: acc // f n set.${n}) { } (builtins.attrNames set);
    filterAttrs = pred: set:
      builtins.removeAttrs set
        (builtins.filter (n: !(pred n set.${n})) (builtins.attrNames set));
    attrValues = builtins.attrValues;
    imap0 = f: list: builtins.genList (n: f n (builtins.elemAt list n)) (builtins.length list);
    stringToCharacters = s: builtins.genList (p: builtins.substring p 1 s) (builtins.stringLength s);
    findFirst = pred: default: xs:
      let found = builtins.filter pred xs;
      in if found == [ ] then default else builtins.head found;

    # --- derivations -----------------------------------------------------------
    isDerivation = x: builtins.isAttrs x && (x.type or null) == "derivation";

    # Mark a set so that `nix-env -qa` / `nix-build` descend into it.
    recurseIntoAttrs = set: set // { recurseForDerivations = true; };

    getOutput = output: pkg: pkg.${output} or pkg.out or pkg;
    getBin = getOutput "bin";
    getLib = getOutput "lib";
    getDev = getOutput "dev";

    makeSearchPath = subDir: paths:
      builtins.concatStringsSep ":" (map (p: "${p}/${subDir}") paths);
    makeBinPath = makeSearchPath "bin";
    makeLibraryPath = paths: makeSearchPath "lib" (map getLib paths);

    # --- customisation (lib/customisation.nix) --------------------------------
    # Adds `.override` to whatever `f args` returns, so callers can replace
    # dependencies: `pkgs.git.override { python3 = null; }`.
    makeOverridable = f: origArgs:
      let
        result = f origArgs;
        overrideWith = newArgs:
          origArgs // (if builtins.isFunction newArgs then newArgs origArgs else newArgs);
      in
      if builtins.isAttrs result then
        result // { override = newArgs: makeOverridable f (overrideWith newArgs); }
      else if builtins.isFunction result then
        # functions (e.g. builders) stay plain functions
        result
      else result;

    # callPackageWith autoArgs fn args: call `fn` (a function or a file that
    # contains one) with the arguments it asks for, taken from `autoArgs`,
    # overridden by the explicit `args`.
    callPackageWith = autoArgs: fn: args:
      let
        f = if builtins.isFunction fn then fn else import fn;
        auto = builtins.intersectAttrs (builtins.functionArgs f) autoArgs;
      in
      makeOverridable f (auto // args);

    # A package scope (nixpkgs' lib.makeScope, simplified): a fixed point whose
    # members can `callPackage` each other.
    makeScope = newScope: f:
      let
        self = f self // {
          newScope = scope: newScope (self // scope);
          callPackage = self.newScope { };
          overrideScope = g: makeScope newScope (extends g f);
        };
      in
      self;
  };
in
lib
