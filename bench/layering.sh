#!/usr/bin/env bash
# The layering sharing benchmark (issue 3; see docs/layering.md): compiles the project and runs
# dev.strata.bench.LayeringBenchmark. Optional argument: the corpus seed.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
mvn -q -o test-compile >/dev/null 2>&1 || mvn -q test-compile >&2
cp="$root/target/classes:$root/target/test-classes"
if [ ! -f target/bench.classpath ] || [ pom.xml -nt target/bench.classpath ]; then
  mvn -q -o dependency:build-classpath -Dmdep.outputFile=target/bench.classpath >/dev/null 2>&1 \
    || mvn -q dependency:build-classpath -Dmdep.outputFile=target/bench.classpath >/dev/null
fi
exec java -Xmx1g -cp "$cp:$(cat target/bench.classpath)" dev.strata.bench.LayeringBenchmark "$@"
