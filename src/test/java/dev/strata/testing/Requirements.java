package dev.strata.testing;

import static org.junit.jupiter.api.Assertions.fail;

import dev.strata.output.fixtures.Commands;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * What a test needs from the machine: a tool on PATH, root, no system daemon in the way. On a
 * developer's laptop a missing requirement skips the test, saying what is missing. In CI
 * ({@code CI=true}, which .ci/run and CI services set) it fails the test: ./test.sh installs every
 * tool, so a skip there would hide a broken setup behind a green run.
 */
public final class Requirements {
    private Requirements() {}

    /** True when the environment says this is a CI run ({@code CI=true} or {@code CI=1}). */
    public static boolean inCi() {
        String ci = System.getenv("CI");
        return ci != null && (ci.equalsIgnoreCase("true") || ci.equals("1"));
    }

    /** Every tool is an executable on PATH (or in /usr/sbin). */
    public static void require(String... tools) {
        List<String> missing = Arrays.stream(tools).filter(t -> !Commands.available(t)).toList();
        need(missing.isEmpty(), String.join(", ", missing) + (missing.size() == 1 ? " is" : " are")
                + " not installed; ./test.sh installs the test tools (packaging/setup-deps.sh)");
    }

    /** A condition the test needs; {@code missing} says what is wrong when it does not hold. */
    public static void need(boolean holds, String missing) {
        if (holds) {
            return;
        }
        if (inCi()) {
            fail("CI=true, so this test may not be skipped: " + missing);
        }
        Assumptions.abort(missing);
    }
}
