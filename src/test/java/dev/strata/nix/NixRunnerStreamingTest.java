package dev.strata.nix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.StrataException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A command's output read as it is printed (the package list, parsed while nix-env still runs): the
 * reader's result comes back; a broken output is the reader's error, unless the command failed, whose
 * error wins; a reader that stops early does not leave the command blocked on a full pipe.
 */
class NixRunnerStreamingTest {
    /** Runs {@code script} with sh in place of the Nix command. */
    static NixRunner shell(String script) {
        return new NixRunner(argv -> new ProcessBuilder("sh", "-c", script));
    }

    static NixCommand command() {
        return new NixCommand(List.of("nix-env", "-qaP"), "listing the packages of a test", Duration.ofSeconds(60));
    }

    @Test
    void theReaderParsesTheOutputAsItComes() {
        List<PackageInfo> l = shell("printf '{\"b\": {\"name\": \"b-1.0\"},'; sleep 0.2; printf '\"a\": {\"name\": \"a-2\"}}'")
                .run(command(), NixProgress.Listener.NONE, PackageIndexParser::parse);
        assertEquals(List.of("b", "a"), l.stream().map(PackageInfo::attrPath).toList());
        assertEquals("2", l.get(1).version());
    }

    @Test
    void aBrokenOutputIsTheReadersSentence() {
        StrataException e = assertThrows(StrataException.class, () -> shell("printf '{\"a\": {\"name\": '")
                .run(command(), NixProgress.Listener.NONE, PackageIndexParser::parse));
        assertTrue(e.getMessage().startsWith("nix-env's package list cannot be read"), e.getMessage());
    }

    @Test
    void aFailingCommandWinsOverWhatItsOutputLooksLike() {
        NixFailure e = assertThrows(NixFailure.class, () -> shell("printf '{\"a\": '; echo 'error: boom' >&2; exit 1")
                .run(command(), NixProgress.Listener.NONE, PackageIndexParser::parse));
        assertTrue(e.getMessage().contains("boom"), e.getMessage());
    }

    @Test
    void aReaderThatStopsEarlyDoesNotBlockTheCommand() {
        // 4 MB after the broken start: more than a pipe holds, so the command ends only if it is drained.
        StrataException e = assertThrows(StrataException.class, () -> shell(
                "printf '[1]'; yes ' ' | head -c 4000000; exit 0")
                .run(command(), NixProgress.Listener.NONE, PackageIndexParser::parse));
        assertTrue(e.getMessage().contains("did not print a JSON object"), e.getMessage());
    }
}
