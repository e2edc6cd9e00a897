#!/usr/bin/env bash
# The layering update benchmark (issue 15; see docs/layering.md): compiles the project and runs
# dev.strata.bench.UpdateBenchmark. Optional arguments: the corpus seed, --heavy for the heavier corpus.
set -euo pipefail
exec "$(dirname "${BASH_SOURCE[0]}")/layering.sh" --main UpdateBenchmark "$@"
