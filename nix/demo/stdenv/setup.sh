# Generic builder of the Strata demo package set: a tiny cousin of nixpkgs'
# stdenv/generic/setup.sh. It runs under busybox sh with -e; the derivation's
# attributes are environment variables. It defines a few helpers, runs
# $buildCommand, and then writes $out/nix-support/runtime-deps if asked to.
#
# Everything written must be deterministic: no dates, no randomness, no host
# names. (Nix itself resets timestamps and normalises permissions.)

export HOME=/homeless-shelter
umask 0022
cd "${NIX_BUILD_TOP:-$TMPDIR}"

# filler SEED KIB: about KIB KiB of deterministic text derived from SEED
# (a Park-Miller generator: every product stays below 2^53, so any awk on any
# machine prints the same bytes).
filler() {
    awk -v seed="$1" -v kib="$2" 'BEGIN {
        chars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_+/";
        h = 5381;
        for (i = 1; i <= length(seed); i++) h = (h * 33 + index(chars, substr(seed, i, 1))) % 2147483647;
        if (h == 0) h = 1;
        for (l = 0; l < kib * 16; l++) {
            h = (h * 16807) % 2147483647;
            printf "%08x %08x .text+0x%06x sym_%05d %s\n", h, (h % 65521) * 65537 % 2147483647, l * 64, h % 99991, substr(chars, 1 + h % 60, 6);
        }
    }'
}

# fakeLib DIR SONAME KIB [NEEDED...]: a "shared library". It is a text file,
# not ELF, but it carries the store references a real one would: its RUNPATH
# ($runpath: the lib/ dirs of the package's `runpath` list plus glibc's).
fakeLib() {
    _dir=$1; _soname=$2; _kib=$3; shift 3
    mkdir -p "$_dir"
    {
        echo "FAKE-ELF shared object of the Strata demo package set (not a real library)"
        echo "SONAME: $_soname"
        if [ -n "$runpath" ]; then echo "RUNPATH: $runpath"; fi
        for _n in "$@"; do echo "NEEDED: $_n"; done
        echo "SECTION .text:"
        filler "$name/$_soname" "$_kib"
    } > "$_dir/$_soname"
    chmod 0755 "$_dir/$_soname"
}

# writeScript DEST INTERPRETER: write stdin to DEST behind "#!INTERPRETER".
writeScript() {
    mkdir -p "$(dirname "$1")"
    { echo "#!$2"; cat; } > "$1"
    chmod 0755 "$1"
}

# writeProgram DEST: a "program". A shell script for $programShell (by default
# busybox sh) that also names, like an ELF binary would, its dynamic loader
# (glibc) and its RUNPATH in comments: both are store references.
#
# It appends busybox's bin/ to PATH: busybox sh runs most applets (grep, tr,
# wc, ...) by re-executing /proc/self/exe; where /proc is not mounted (a bare
# chroot) it falls back to a PATH search, which then finds them there.
writeProgram() {
    mkdir -p "$(dirname "$1")"
    {
        echo "#!$programShell"
        if [ -n "$libc" ]; then echo "# ELF-INTERP: $libc/lib/ld-linux-x86-64.so.2"; fi
        if [ -n "$runpath" ]; then echo "# RUNPATH: $runpath"; fi
        if [ -n "$toolsPath" ]; then echo "export PATH=\"\${PATH:+\$PATH:}$toolsPath\""; fi
        cat
    } > "$1"
    chmod 0755 "$1"
}

eval "$buildCommand"

if [ -n "$runtimeDeps" ]; then
    mkdir -p "$out/nix-support"
    for _dep in $runtimeDeps; do echo "$_dep"; done > "$out/nix-support/runtime-deps"
fi
