# GNU userland tools as thin "programs" that exec the busybox applet of the
# same name: gnugrep, gnused, gawk, findutils, which, gzip.
# Their scripts name glibc (loader, RUNPATH) like real binaries would.
{ lib, stdenv, busybox }:

let
  # mkTool { pname, version, tools = { <name in $out/bin> = <busybox applet>; }, extra, meta }
  mkTool = { pname, version, tools, extra ? "", description, homepage, license, mainProgram }:
    stdenv.mkDerivation {
      inherit pname version;
      buildCommand = lib.concatStrings (lib.attrValues (lib.mapAttrs
        (bin: applet: ''
          writeProgram $out/bin/${bin} <<'EOF_TOOL'
          if [ "$1" = --version ]; then echo "${bin} (GNU ${pname}) ${version} [Strata demo: busybox ${applet}]"; exit 0; fi
          exec ${busybox}/bin/${applet} "$@"
          EOF_TOOL
        '')
        tools)) + extra;
      meta = { inherit description homepage license mainProgram; };
    };
in
{
  gnugrep = mkTool {
    pname = "gnugrep";
    version = "3.11";
    tools = { grep = "grep"; };
    # egrep and fgrep call $out/bin/grep: a self-reference, as in nixpkgs
    extra = ''
      for v in egrep:-E fgrep:-F; do
        writeProgram $out/bin/''${v%%:*} <<EOF_WRAP
      exec $out/bin/grep ''${v#*:} "\$@"
      EOF_WRAP
      done
    '';
    description = "GNU implementation of the Unix grep command";
    homepage = "https://www.gnu.org/software/grep/";
    license = lib.licenses.gpl3Plus;
    mainProgram = "grep";
  };

  gnused = mkTool {
    pname = "gnused";
    version = "4.9";
    tools = { sed = "sed"; };
    description = "GNU sed, a batch stream editor";
    homepage = "https://www.gnu.org/software/sed/";
    license = lib.licenses.gpl3Plus;
    mainProgram = "sed";
  };

  gawk = mkTool {
    pname = "gawk";
    version = "5.2.2";
    tools = { gawk = "awk"; };
    # bin/awk -> gawk, a relative symlink inside the package
    extra = ''
      ln -s gawk $out/bin/awk
    '';
    description = "GNU implementation of the Awk programming language";
    homepage = "https://www.gnu.org/software/gawk/";
    license = lib.licenses.gpl3Plus;
    mainProgram = "gawk";
  };

  findutils = mkTool {
    pname = "findutils";
    version = "4.9.0";
    tools = { find = "find"; xargs = "xargs"; };
    description = "GNU Find Utilities, the basic directory searching utilities of the GNU operating system";
    homepage = "https://www.gnu.org/software/findutils/";
    license = lib.licenses.gpl3Plus;
    mainProgram = "find";
  };

  which = mkTool {
    pname = "which";
    version = "2.21";
    tools = { which = "which"; };
    description = "Shows the full path of (shell) commands";
    homepage = "https://savannah.gnu.org/projects/which/";
    license = lib.licenses.gpl3Plus;
    mainProgram = "which";
  };

  gzip = mkTool {
    pname = "gzip";
    version = "1.13";
    tools = { gzip = "gzip"; gunzip = "gunzip"; zcat = "zcat"; };
    description = "GNU zip compression program";
    homepage = "https://www.gnu.org/software/gzip/";
    license = lib.licenses.gpl3Plus;
    mainProgram = "gzip";
  };
}
