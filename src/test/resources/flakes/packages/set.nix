# A small package set in nixpkgs' shape, built from one static busybox inside the flake (a flake is
# evaluated in pure mode, so nothing outside it can be read).
{ system, greeting, busybox }:

let
  license = { shortName = "mit"; spdxId = "MIT"; fullName = "MIT License"; free = true; };

  # mk { pname, version, install, meta }: a derivation whose builder is toolbox's sh.
  mk = { pname, version, install, meta ? { }, shell ? "${self.toolbox}/bin/sh", prefix ? [ ] }:
    derivation {
      name = "${pname}-${version}";
      inherit system;
      builder = shell;
      args = prefix ++ [ "-e" "-c" ''
        ${if prefix == [ ] then "export PATH=${self.toolbox}/bin" else ""}
        ${install}
      '' ];
    } // {
      inherit pname version;
      meta = { inherit license; homepage = "https://example.org/${pname}"; } // meta;
    };

  self = {
    toolbox = mk {
      pname = "toolbox";
      version = "1.35.0";
      shell = busybox;
      prefix = [ "sh" ];
      install = ''
        bb=${busybox}
        $bb mkdir -p $out/bin
        $bb cp $bb $out/bin/busybox
        for a in $($out/bin/busybox --list); do
          [ "$a" = busybox ] || $bb ln -s busybox $out/bin/$a
        done
      '';
      meta.description = "The static busybox with its applets";
    };

    hello = mk {
      pname = "hello";
      version = "1.0";
      install = ''
        mkdir -p $out/bin
        printf '#!${self.toolbox}/bin/sh\necho "${greeting}"\n' > $out/bin/hello
        chmod 0755 $out/bin/hello
      '';
      meta.description = "Says hello from the test flake";
    };

    # A nested set, listed by search because of recurseForDerivations.
    greeters = {
      recurseForDerivations = true;
      shout = mk {
        pname = "shout";
        version = "2.0";
        install = ''
          mkdir -p $out/bin
          printf '#!${self.toolbox}/bin/sh\n${self.hello}/bin/hello | tr a-z A-Z\n' > $out/bin/shout
          chmod 0755 $out/bin/shout
        '';
        meta.description = "Says hello loudly";
      };
    };

    # buildEnv { name, paths }: one tree of symlinks to the paths' files, as nixpkgs' buildEnv.
    buildEnv = { name, paths }: derivation {
      inherit name system;
      builder = "${self.toolbox}/bin/sh";
      args = [ "-e" "-c" ''
        export PATH=${self.toolbox}/bin
        mkdir -p $out
        for p in $paths; do
          (cd "$p" && find . ! -type d) | while read -r f; do
            f=''${f#./}
            mkdir -p "$out/$(dirname "$f")"
            [ -e "$out/$f" ] || ln -s "$p/$f" "$out/$f"
          done
        done
      '' ];
      inherit paths;
    };
  };
in
self
