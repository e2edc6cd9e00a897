#!/usr/bin/env bash
# The desktop composer's benchmark (issue 5): FX-thread stalls while the largest demo image is
# composed and built through the window, and frame times of the closure graph with 2,000 synthetic
# paths while panning. Prints the figures against the targets (no stall over 100 ms; 30+ fps).
#   bench/gui.sh            headless (Monocle, software rendering), no display needed
#   bench/gui.sh --xvfb     a real X server (Xvfb + GTK glass), as a desktop user would run it
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
mvn -B -q -DskipTests test-compile
mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt >/dev/null
cp="target/test-classes:target/classes:$(cat target/bench-classpath.txt)"
main=dev.strata.gui.bench.GuiBenchmark
opts=${STRATA_BENCH_OPTS:-}
if [ "${1:-}" = "--xvfb" ]; then
  exec xvfb-run -a -s "-screen 0 1600x1200x24" java -Xmx2g $opts -Dprism.order=sw -cp "$cp" "$main"
fi
exec java -Xmx2g $opts -Djava.awt.headless=true -Dtestfx.robot=glass -Dtestfx.headless=true -Dprism.order=sw \
  -Dglass.platform=Monocle -Dmonocle.platform=Headless -Dheadless.geometry=1600x1200-32 -cp "$cp" "$main"
