#!/usr/bin/env bash
# The file tree of a 100,000-file layer (Open image…, the Layers screen): FX-thread time of the lazy
# tree against making every row up front, in the same run; prints medians and the ratio.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
mvn -B -q -DskipTests test-compile
mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt >/dev/null
cp="target/test-classes:target/classes:$(cat target/bench-classpath.txt)"
main=dev.strata.gui.bench.FileTreeBench
opts=${STRATA_BENCH_OPTS:-}
exec java -Xmx2g $opts -Djava.awt.headless=true -Dtestfx.robot=glass -Dtestfx.headless=true -Dprism.order=sw \
  -Dglass.platform=Monocle -Dmonocle.platform=Headless -Dheadless.geometry=1600x1200-32 -cp "$cp" "$main"
