#!/usr/bin/env bash
# The layering sharing benchmark (issue 3; see docs/layering.md): compiles the project and runs
# dev.strata.bench.LayeringBenchmark. Optional arguments: the corpus seed, --heavy for the heavier
# corpus. bench/updates.sh runs the update benchmark through this script (--main UpdateBenchmark).
set -euo pipefail
main=LayeringBenchmark
if [ "${1:-}" = --main ]; then
  main="$2"
  shift 2
fi
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
mvn -q -o test-compile >/dev/null 2>&1 || mvn -q test-compile >&2
cp="$root/target/classes:$root/target/test-classes"
if [ ! -f target/bench.classpath ] || [ pom.xml -nt target/bench.classpath ]; then
  mvn -q -o dependency:build-classpath -Dmdep.outputFile=target/bench.classpath >/dev/null 2>&1 \
    || mvn -q dependency:build-classpath -Dmdep.outputFile=target/bench.classpath >/dev/null
fi
# BENCH_JAVA_OPTS: e.g. -Dbench.only=size,strata (those strategies, byte tables only)
exec java -Xmx1g ${BENCH_JAVA_OPTS:-} -cp "$cp:$(cat target/bench.classpath)" "dev.strata.bench.$main" "$@"
