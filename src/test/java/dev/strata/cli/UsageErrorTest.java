package dev.strata.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UsageErrorTest {
    static CliRunner runAsTheLauncherDoes(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = StrataCli.forArgs(new PrintWriter(out, true), new PrintWriter(err, true), args)
                .execute(args);
        return new CliRunner(exit, out.toString(), err.toString());
    }

    @Test
    void aRunThatNamesItsCommandRegistersOnlyThatOneAndBehavesTheSame() {
        PrintWriter sink = new PrintWriter(new StringWriter());
        assertEquals(Set.of("push"), StrataCli.forArgs(sink, sink, "push", "--help").getSubcommands().keySet());
        assertEquals(StrataCli.SUBCOMMANDS.keySet(), StrataCli.forArgs(sink, sink, "--help").getSubcommands().keySet());
        assertEquals(StrataCli.SUBCOMMANDS.keySet(), StrataCli.forArgs(sink, sink, "help", "push").getSubcommands().keySet());
        for (String command : StrataCli.SUBCOMMANDS.keySet()) {
            if (command.equals("help")) {
                continue;
            }
            CliRunner alone = runAsTheLauncherDoes(command, "--help");
            CliRunner all = CliRunner.run(command, "--help");
            assertEquals(0, alone.exit(), alone.err());
            assertEquals(all.out(), alone.out(), "help of " + command);
        }
        CliRunner wrong = runAsTheLauncherDoes("push", "hello", "--chunksize", "3", "127.0.0.1:5000/a:1");
        assertEquals(StrataCli.EXIT_USAGE, wrong.exit());
        assertTrue(wrong.err().contains("did you mean --chunk-size?"), wrong.err());
        assertTrue(wrong.err().strip().endsWith("see: strata push --help"), wrong.err());
    }

    @Test
    void anUnknownCommandIsNamedWithTheClosestOnes() {
        CliRunner r = runAsTheLauncherDoes("pussh", "hello");
        assertEquals(StrataCli.EXIT_USAGE, r.exit());
        assertTrue(r.err().contains("'pussh'") && r.err().contains("did you mean push"), r.err());
        assertTrue(r.err().strip().endsWith("see: strata --help"), r.err());
    }

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

    @Test
    void serveRefusesLimitsBelowOneAndNonBcryptHtpasswdEntriesBeforeListening(@TempDir Path dir) throws Exception {
        for (String option : List.of("--max-connections", "--max-connections-per-client", "--build-timeout")) {
            CliRunner r = CliRunner.run("serve", "--source", "demo", "--listen", "127.0.0.1:0", option, "0");
            assertEquals(StrataCli.EXIT_USER_ERROR, r.exit(), r.err());
            assertTrue(r.err().contains(option + " 0 is out of range"), r.err());
        }
        Path md5 = dir.resolve("htpasswd");
        Files.writeString(md5, "bob:$apr1$abcdefgh$0123456789abcdefghijkl\n");
        CliRunner r = CliRunner.run("serve", "--source", "demo", "--listen", "127.0.0.1:0", "--htpasswd", md5.toString());
        assertEquals(1, r.exit(), r.err());
        assertTrue(r.err().contains("line 1") && r.err().contains("htpasswd -B"), r.err());
        assertFalse(r.err().contains("0123456789abcdefghijkl"), "the hash is not printed: " + r.err());
    }
}
