#!/usr/bin/env bash
# Issue 13's --add benchmark: compiles the project and runs dev.strata.bench.AddBenchmark, which
# times the image builder writing a 200 MB --add layer against tar | Strata's own gzip in the same
# run (interleaved rounds, median ratio). Optional arguments: DIR (default: 200 MB of this machine's
# binaries, copied to a temporary directory), --rounds N.
set -euo pipefail
exec "$(dirname "${BASH_SOURCE[0]}")/layering.sh" --main AddBenchmark "$@"
