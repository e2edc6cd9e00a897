#!/usr/bin/env bash
# The whole test suite: installs what the tests need (as root), then runs `mvn -B verify`.
# Extra arguments go to Maven, e.g. ./test.sh -Dtest=ClosureTest
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=packaging/setup-deps.sh
. "$root/packaging/setup-deps.sh"
strata_setup_runtime
strata_setup_tests
cd "$root"
exec mvn -B verify "$@"
