package dev.strata.nix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BuildLogTest {
    /** Lines as Nix 2.8 prints them with --log-format internal-json (captured on this machine). */
    static final List<String> LINES = List.of(
            "@nix {\"action\":\"msg\",\"level\":3,\"msg\":\"these 2 derivations will be built:\"}",
            "@nix {\"action\":\"start\",\"id\":41,\"level\":0,\"text\":\"\",\"type\":104}",
            "@nix {\"action\":\"result\",\"fields\":[0,2,0,0],\"id\":41,\"type\":105}",
            "@nix {\"action\":\"start\",\"fields\":[\"/nix/store/vz0h9zsn8l56szbwzpripicrr2zf1p85-a-1.drv\",\"\",1,1],"
                    + "\"id\":45,\"level\":3,\"text\":\"building '/nix/store/vz0h9zsn8l56szbwzpripicrr2zf1p85-a-1.drv'\",\"type\":105}",
            "@nix {\"action\":\"result\",\"fields\":[\"compiling a\"],\"id\":45,\"type\":101}",
            "@nix {\"action\":\"stop\",\"id\":45}",
            "@nix {\"action\":\"result\",\"fields\":[1,2,0,0],\"id\":41,\"type\":105}",
            "@nix {\"action\":\"start\",\"fields\":[\"/nix/store/nm3jmpjjsxy7m8yf9j4rq8jziqqkb6k8-fail-1.drv\",\"\",1,1],"
                    + "\"id\":46,\"level\":3,\"text\":\"building fail\",\"type\":105}",
            "@nix {\"action\":\"result\",\"fields\":[\"line1\"],\"id\":46,\"type\":101}",
            "@nix {\"action\":\"result\",\"fields\":[\"error: x.c:1: boom\"],\"id\":46,\"type\":101}",
            "@nix {\"action\":\"stop\",\"id\":46}",
            "@nix {\"action\":\"msg\",\"column\":null,\"file\":null,\"level\":0,\"line\":null,\"msg\":\"\\u001b[31;1merror:\\u001b[0m "
                    + "builder for '\\u001b[35;1m/nix/store/nm3jmpjjsxy7m8yf9j4rq8jziqqkb6k8-fail-1.drv\\u001b[0m' failed with exit code 3\"}");

    @Test
    void turnsInternalJsonIntoProgressAndLogs() {
        List<NixProgress> progress = new ArrayList<>();
        List<String> logs = new ArrayList<>();
        BuildLog log = new BuildLog(new NixProgress.Listener() {
            @Override
            public void progress(NixProgress p) {
                progress.add(p);
            }

            @Override
            public void log(String line) {
                logs.add(line);
            }
        });
        LINES.forEach(log::accept);
        assertTrue(progress.stream().anyMatch(p -> p.running().equals(List.of("a-1"))));
        assertTrue(progress.stream().anyMatch(p -> p.built() == 1 && p.toBuild() == 2));
        assertTrue(logs.contains("compiling a"));
        assertEquals(List.of("line1", "error: x.c:1: boom"),
                log.logOf("/nix/store/nm3jmpjjsxy7m8yf9j4rq8jziqqkb6k8-fail-1.drv"));
        assertTrue(log.errors().get(0).startsWith("error: builder for '/nix/store/nm3j"), log.errors().get(0));
    }

    @Test
    void aBuildFailureNamesTheDerivationAndItsLastLogLines() {
        BuildLog log = new BuildLog(NixProgress.Listener.NONE);
        LINES.forEach(log::accept);
        NixFailure f = NixRunner.failure(new NixCommand(List.of("nix-build"), "building fail", Duration.ofMinutes(1)),
                1, log);
        assertEquals(NixFailure.Kind.BUILD, f.kind());
        assertTrue(f.getMessage().startsWith("Nix could not build fail-1 ("), f.getMessage());
        assertTrue(f.getMessage().contains("exit code 3"), f.getMessage());
        assertTrue(f.getMessage().contains("error: x.c:1: boom"), f.getMessage());
    }

    @Test
    void anEvaluationErrorKeepsTheUsefulPart() {
        BuildLog log = new BuildLog(NixProgress.Listener.NONE);
        log.accept("@nix {\"action\":\"msg\",\"column\":15,\"file\":\"x\",\"level\":0,\"line\":1,\"msg\":"
                + "\"\\u001b[31;1merror:\\u001b[0m undefined variable '\\u001b[35;1my\\u001b[0m'\\n\\n       "
                + "\\u001b[34;1mat \\u001b[35;1m/tmp/set/default.nix:1:15\\u001b[0m:\\n\\n            1| let x = 1; in y\"}");
        NixFailure f = NixRunner.failure(new NixCommand(List.of("nix-instantiate"), "selecting hello from x",
                Duration.ofMinutes(1)), 1, log);
        assertEquals(NixFailure.Kind.EVALUATION, f.kind());
        assertEquals("Nix failed while selecting hello from x: undefined variable 'y' (at /tmp/set/default.nix:1:15)",
                f.getMessage());
    }

    @Test
    void ignoresLinesThatAreNotInternalJson() {
        assertTrue(NixLogEvent.parse("plain text").isEmpty());
        assertTrue(NixLogEvent.parse("@nix {broken").isEmpty());
    }
}
