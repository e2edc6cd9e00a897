#!/usr/bin/env bash
# The whole test suite: installs what the tests need (as root), runs `mvn -B verify`, then prints the
# slowest test classes and the totals (.ci/suite-times). Extra arguments go to Maven, e.g.
#   ./test.sh -Dtest=ClosureTest
# With CI=true (.ci/run sets it) a test whose tool or condition is missing fails instead of being
# skipped (src/test/java/dev/strata/testing/Requirements.java).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=packaging/setup-deps.sh
. "$root/packaging/setup-deps.sh"
strata_setup_runtime
strata_setup_tests
cd "$root"
mkdir -p target
marker=$(mktemp target/.suite-start.XXXXXX)
started=$(date +%s)
status=0
mvn -B verify "$@" || status=$?
"$root/.ci/suite-times" target/surefire-reports "$marker" || true
echo "Suite wall time: $(( $(date +%s) - started )) s (mvn verify, exit $status)"
rm -f "$marker"
exit "$status"
