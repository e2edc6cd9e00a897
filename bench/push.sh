#!/usr/bin/env bash
# Push benchmark: skopeo copy vs Strata's pusher of the same ~285 MB OCI image (four gzip layers made
# from the JDKs under /usr/lib/jvm), each to a fresh local docker-registry, then both re-pushes.
# Prints medians of interleaved rounds and the ratios. Usage: bench/push.sh [ROUNDS]   (default 3)
#   bench/push.sh ROUNDS --cold: a cold push with nothing built (empty cache; build and push overlapped,
#   build then push, and build to an OCI layout then skopeo copy), whole fresh JVMs.
#   bench/push.sh ROUNDS --cli: whole `./strata push` processes of an image built before (launcher,
#   JVM, source, cache, upload, exit) against `skopeo copy` of the same image, each to a fresh registry;
#   BENCH_BASELINE_ROOT=DIR adds DIR/strata (another checkout, its target/ built) beside it.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=../packaging/setup-deps.sh
. "$root/packaging/setup-deps.sh"
strata_build_if_stale "$root"
for tool in docker-registry skopeo pigz; do
  command -v "$tool" >/dev/null || { echo "bench/push.sh: $tool is needed (./test.sh installs it)" >&2; exit 1; }
done
out="$root/bench/out"
[ "${2:-}" = --cli ] || "$root/bench/make-jdk-layout.sh" "$out/jdk-layout"
mkdir -p "$out/classes"
cp="$root/target/strata.jar:$root/target/lib/*"
javac -d "$out/classes" -cp "$cp" "$root/bench/PushBench.java" "$root/bench/ImageBench.java"
exec java -Dbench.root="$root" -Dbench.work="${BENCH_WORK:-/tmp/strata-bench-push}" -cp "$out/classes:$cp" PushBench "$out/jdk-layout" \
  "${1:-3}" ${2:+"$2"}
