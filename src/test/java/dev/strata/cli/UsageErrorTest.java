package dev.strata.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class UsageErrorTest {
    @Test
    void aMisspeltCredentialsOptionDoesNotEchoThePassword() {
        CliRunner r = CliRunner.run("search", "--credz", "alice:s3cret-pw", "hello");
        assertEquals(StrataCli.EXIT_USAGE, r.exit());
        assertFalse(r.err().contains("s3cret-pw"), r.err());
        CliRunner r2 = CliRunner.run("search", "--credentials=alice:s3cret-pw", "hello");
        assertEquals(StrataCli.EXIT_USAGE, r2.exit());
        assertFalse(r2.err().contains("s3cret-pw"), r2.err());
        assertTrue(r2.err().contains("***"), r2.err());
    }
}
