#!/usr/bin/env bash
# The desktop composer's benchmark (issues 5 and 12): FX-thread stalls and peak resident memory
# while the largest demo image is composed and built through the window, and frame times of the
# closure graph with 2,000 synthetic paths while panning. Prints the figures against the targets
# (no stall over 100 ms; 30+ fps; peak RSS at most 400 MiB). The window's JVM runs with the options
# ./strata gives the desktop composer (strata_desktop_java_opts in packaging/setup-deps.sh).
#   bench/gui.sh               headless (Monocle, software rendering), no display needed
#   bench/gui.sh --xvfb        a real X server (Xvfb + GTK glass), as a desktop user would run it
#   bench/gui.sh --runs 20     20 fresh JVMs, stalls and memory only; prints each run's longest
#                              stall and peak RSS, how many runs went over 100 ms, and the load average
# STRATA_DESKTOP_JAVA_OPTS replaces the JVM options (compare: STRATA_DESKTOP_JAVA_OPTS=-Xmx2g).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
# shellcheck source=../packaging/setup-deps.sh
. "$root/packaging/setup-deps.sh"
xvfb=false
runs=0
while [ $# -gt 0 ]; do
  case "$1" in
    --xvfb) xvfb=true ;;
    --runs) runs="${2:?--runs needs a number}"; shift ;;
    *) echo "bench/gui.sh: unknown argument '$1'; use --xvfb and/or --runs N" >&2; exit 2 ;;
  esac
  shift
done
case "$runs" in ''|*[!0-9]*) echo "bench/gui.sh: --runs takes a whole number, not '$runs'" >&2; exit 2 ;; esac
mvn -B -q -o -DskipTests test-compile 2>/dev/null || mvn -B -q -DskipTests test-compile
mvn -B -q -o dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt >/dev/null 2>&1 \
  || mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt >/dev/null
cp="target/test-classes:target/classes:$(cat target/bench-classpath.txt)"
main=dev.strata.gui.bench.GuiBenchmark
jvm=$(strata_desktop_java_opts)
opts=${STRATA_BENCH_OPTS:-}
headless=(-Djava.awt.headless=true -Dtestfx.robot=glass -Dtestfx.headless=true -Dprism.order=sw
  -Dglass.platform=Monocle -Dmonocle.platform=Headless -Dheadless.geometry=1600x1200-32)
one_run() {
  # shellcheck disable=SC2086
  if $xvfb; then
    xvfb-run -a -s "-screen 0 1600x1200x24" java $jvm $opts "$@" -Dprism.order=sw -cp "$cp" "$main"
  else
    java $jvm $opts "$@" "${headless[@]}" -cp "$cp" "$main"
  fi
}
if [ "$runs" -eq 0 ]; then
  echo "JVM options: $jvm $opts"
  one_run
  exit
fi
echo "JVM options: $jvm $opts"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
log=$(mktemp)
trap 'rm -f "$log" "$log.all"' EXIT
for i in $(seq 1 "$runs"); do
  one_run -Dstrata.bench.graph=false > "$log" 2>&1 || { echo "run $i failed:"; tail -20 "$log"; exit 1; }
  line=$(grep '^RUN ' "$log" | tail -1)
  echo "run $i: ${line#RUN }"
  echo "$line" >> "$log.all"
done
median=$(sed 's/.*stall_ms=\([0-9.]*\).*/\1/' "$log.all" | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }')
awk -v median="$median" '
  { for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
    if (v["stall_ms"] + 0 > 100) over++
    if (v["stall_ms"] + 0 > worst) worst = v["stall_ms"] + 0
    if (v["peak_rss_mib"] + 0 > rss) rss = v["peak_rss_mib"] + 0
    loads = loads " " v["load"] }
  END {
    printf "== %d runs: longest stall per run median %.1f ms, worst %.1f ms; runs with a stall over 100 ms: %d of %d -> %s\n", NR, median, worst, over + 0, NR, (over + 0 == 0) ? "MET" : "NOT MET"
    printf "== peak resident memory (VmHWM), worst run: %d MiB (target at most 400 MiB) -> %s\n", rss, (rss <= 400) ? "MET" : "NOT MET"
    printf "== load average (1 min) at the end of each run:%s\n", loads
  }' "$log.all"
rm -f "$log.all"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
