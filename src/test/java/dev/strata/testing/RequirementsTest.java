package dev.strata.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/** A missing requirement skips a test on a laptop and fails it under CI=true. */
class RequirementsTest {
    @Test
    void aMissingToolSkipsOnALaptopAndFailsInCi() {
        Throwable t = assertThrows(Throwable.class, () -> Requirements.require("sh", "no-such-tool-for-strata"));
        Class<?> expected = Requirements.inCi() ? AssertionFailedError.class : TestAbortedException.class;
        assertEquals(expected, t.getClass(), String.valueOf(t));
        assertTrue(t.getMessage().contains("no-such-tool-for-strata is not installed; ./test.sh installs"), t.getMessage());
        assertTrue(!t.getMessage().contains("sh,"), "only what is missing is named: " + t.getMessage());
    }

    @Test
    void whatIsThereIsNoReasonToSkip() {
        Requirements.require("sh");
        Requirements.need(true, "nothing");
    }
}
