#!/usr/bin/env bash
# Image assembly benchmark: ./bench/image.sh [--rounds N] [--big]
#   ./bench/image.sh warm [--rounds N]: warm builds as whole ./strata processes (path: and git commit
#   sources, OCI archive and layout) against the pigz pipeline; prints a table, docs are not changed.
# Builds Strata, compiles bench/ImageBench.java against it, imports real binaries into the Nix store
# and times Strata's image build against tar|gzip, tar|pigz and tar|zstd pipelines in the same run.
# Results go to stdout and into docs/performance.md (between the results markers).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
for tool in nix-store pigz zstd tar sha256sum; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is missing (apt-get install nix-bin pigz zstd)" >&2; exit 1; }
done
(mvn -B -q -DskipTests package) >&2
classes="$root/target/bench-classes"
mkdir -p "$classes"
cp="$root/target/strata.jar:$root/target/lib/*"
javac -d "$classes" -cp "$cp" bench/ImageBench.java
export LC_ALL=C.UTF-8
if [ "${1:-}" = warm ]; then
  shift
  # Its own work directory: a full run of this benchmark may use /tmp/strata-bench at the same time.
  exec java -Dbench.root="$root" -Dbench.work="${BENCH_WORK:-/tmp/strata-bench-warm}" -cp "$classes:$cp" \
    ImageBench warm "$@"
fi
exec java -cp "$classes:$cp" ImageBench run --doc "$root/docs/performance.md" "$@"
