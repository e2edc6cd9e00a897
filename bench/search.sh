#!/usr/bin/env bash
# Search at nixpkgs scale (issue 14): ./bench/search.sh [--rounds N] [--count N] [--cold-only]
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
cold_only=0
# BENCH_BASELINE_ROOT=DIR: another checkout's ./strata (its target/ built) also searches cold, beside this one.
baseline=${BENCH_BASELINE_ROOT:-}
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds=$2; shift 2 ;;
    --count) count=$2; shift 2 ;;
    --cold-only) cold_only=1; shift ;;
    *) echo "usage: bench/search.sh [--rounds N] [--count N] [--cold-only]" >&2; exit 2 ;;
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
  # the order alternates round by round: nix-env, strata[, baseline] then [baseline,] strata, nix-env
  if [ $((r % 2)) -eq 1 ]; then
    timed nix-env bash -c "nix-env -f '<nixpkgs>' -qaP --json --meta > '$work/set.json'"
  fi
  if [ -n "$baseline" ] && [ $((r % 2)) -eq 0 ]; then
    rm -rf "$cache"
    timed strata-cold-baseline "$baseline/strata" search --source nixpkgs "$query"
  fi
  rm -rf "$cache"
  timed strata-cold ./strata search --source nixpkgs "$query"
  if [ -n "$baseline" ] && [ $((r % 2)) -eq 1 ]; then
    rm -rf "$cache"
    timed strata-cold-baseline "$baseline/strata" search --source nixpkgs "$query"
  fi
  if [ $((r % 2)) -eq 0 ]; then
    timed nix-env bash -c "nix-env -f '<nixpkgs>' -qaP --json --meta > '$work/set.json'"
  fi
  [ "$cold_only" = 1 ] && continue
  # the warm runs read the index the last cold run wrote (the baseline's, if it ran last: the same file)
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
if "strata-cold-baseline" in med:
    row("strata-cold-baseline", "baseline checkout's strata search, empty cache", "nix-env", "nix-env", "<= 1.10x")
    print(f"  this / baseline, cold: {med['strata-cold'][0] / med['strata-cold-baseline'][0]:.3f}x wall, "
          f"{med['strata-cold'][1] / med['strata-cold-baseline'][1]:.3f}x CPU")
if "strata-warm" in med:
    row("strata-version", "strata --version (the JVM's floor)", None, None)
    row("strata-warm", "strata search, index cached", "strata-version", "the floor", "< 0.5 s wall")
    print(f"  warm search above the floor: {med['strata-warm'][0] - med['strata-version'][0]:.2f} s wall, "
          f"{med['strata-warm'][1] - med['strata-version'][1]:.2f} s CPU")
PY
[ "$cold_only" = 1 ] && exit 0
echo "== in one JVM: keystrokes, memory, loading"
cp="target/test-classes:target/classes:$(cat target/bench-classpath.txt)"
java -Xmx2g -Dstrata.cacheDir="$cache" -Djava.awt.headless=true -Dtestfx.robot=glass -Dtestfx.headless=true \
  -Dprism.order=sw -Dglass.platform=Monocle -Dmonocle.platform=Headless -cp "$cp" \
  dev.strata.gui.bench.SearchBenchmark "$cache" "$work/set.json" "$rounds"
