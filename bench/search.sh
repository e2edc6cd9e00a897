#!/usr/bin/env bash
# Search at nixpkgs scale (issue 14): ./bench/search.sh [--rounds N] [--count N]
# Generates a nixpkgs-sized package set (bench/nixpkgs-sized, 120,000 attributes with meta, nested
# sets; evaluated, never built), puts it into the store as a channel is (so <nixpkgs> resolves to a
# store path) and measures, interleaved round by round, whole processes:
#   cold:  ./strata search with an empty cache   vs  nix-env -f '<nixpkgs>' -qaP --json --meta (baseline)
#   warm:  ./strata search with the index cached vs  ./strata --version (the JVM's floor) and the 0.5 s target
# then, in one JVM (src/test/java/dev/strata/gui/bench/SearchBenchmark.java): keystrokes through the
# search view model, the index's memory and its load time, each beside its baseline.
# Wall time with CPU (user + system) beside it: the machine is shared, so read the load average too.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
rounds=3
count=120000
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds=$2; shift 2 ;;
    --count) count=$2; shift 2 ;;
    *) echo "usage: bench/search.sh [--rounds N] [--count N]" >&2; exit 2 ;;
  esac
done
for tool in nix-env nix-store python3; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is missing" >&2; exit 1; }
done
./strata --version >/dev/null   # builds the jar and the class-sharing archive when stale
mvn -B -q -o -DskipTests test-compile 2>/dev/null || mvn -B -q -DskipTests test-compile
mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt >/dev/null
work=$(mktemp -d /tmp/strata-search-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
# The set, scaled, as a store path: what a channel is.
mkdir -p "$work/set"
sed "s/count ? 120000/count ? $count/" bench/nixpkgs-sized/default.nix > "$work/set/default.nix"
set_path=$(nix-store --add "$work/set")
export NIX_PATH="nixpkgs=$set_path"
cache="$work/cache"
export STRATA_JAVA_OPTS="-Dstrata.cacheDir=$cache"
query=pyrkan

timed() { # label, command...: appends "label wall user+sys" to $work/runs
  local label=$1; shift
  /usr/bin/time -o "$work/t" -f "%e %U %S" "$@" >/dev/null 2>"$work/err" || { cat "$work/err" >&2; exit 1; }
  read -r wall user sys < "$work/t"
  echo "$label $wall $(python3 -c "print(round($user + $sys, 2))")" >> "$work/runs"
}
: > "$work/runs"
loads=()
for r in $(seq 1 "$rounds"); do
  loads+=("$(cut -d' ' -f1 /proc/loadavg)")
  timed nix-env bash -c "nix-env -f '<nixpkgs>' -qaP --json --meta > '$work/set.json'"
  rm -rf "$cache"
  timed strata-cold ./strata search --source nixpkgs "$query"
  for k in 1 2 3; do
    timed strata-version ./strata --version
    timed strata-warm ./strata search --source nixpkgs "$query"
  done
done
echo "== search at nixpkgs scale: $count attributes, $rounds rounds, $(nproc) cores, load average (1 min) at each round's start: ${loads[*]}"
python3 - "$work/runs" <<'PY'
import sys, statistics
runs = {}
for line in open(sys.argv[1]):
    label, wall, cpu = line.split()
    runs.setdefault(label, []).append((float(wall), float(cpu)))
med = {k: (statistics.median(w for w, _ in v), statistics.median(c for _, c in v)) for k, v in runs.items()}
def row(label, what, base, basename, target=None):
    w, c = med[label]
    line = f"  {what:<44} wall {w:6.2f} s  CPU {c:6.2f} s"
    if base:
        bw, bc = med[base]
        line += f"   {w / bw:5.3f}x wall, {c / bc:5.3f}x CPU of {basename}"
    if target:
        line += f"   (target {target})"
    print(line)
    print(f"      runs wall {[w for w, _ in runs[label]]}  CPU {[c for _, c in runs[label]]}")
row("nix-env", "nix-env -qaP --json --meta (baseline)", None, None)
row("strata-cold", "strata search, empty cache", "nix-env", "nix-env", "<= 1.10x")
row("strata-version", "strata --version (the JVM's floor)", None, None)
row("strata-warm", "strata search, index cached", "strata-version", "the floor", "< 0.5 s wall")
print(f"  warm search above the floor: {med['strata-warm'][0] - med['strata-version'][0]:.2f} s wall, "
      f"{med['strata-warm'][1] - med['strata-version'][1]:.2f} s CPU")
PY
echo "== in one JVM: keystrokes, memory, loading"
cp="target/test-classes:target/classes:$(cat target/bench-classpath.txt)"
java -Xmx2g -Dstrata.cacheDir="$cache" -Djava.awt.headless=true -Dtestfx.robot=glass -Dtestfx.headless=true \
  -Dprism.order=sw -Dglass.platform=Monocle -Dmonocle.platform=Headless -cp "$cp" \
  dev.strata.gui.bench.SearchBenchmark "$cache" "$work/set.json" "$rounds"
