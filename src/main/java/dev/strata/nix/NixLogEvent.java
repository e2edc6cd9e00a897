package dev.strata.nix;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One line of Nix's {@code --log-format internal-json} output ({@code @nix {...}} on stderr).
 * Activity and result type numbers are Nix's ActivityType and ResultType enums.
 */
public sealed interface NixLogEvent {
    String PREFIX = "@nix ";

    int ACT_REALISE = 102;
    int ACT_COPY_PATHS = 103;
    int ACT_BUILDS = 104;
    int ACT_BUILD = 105;
    int ACT_SUBSTITUTE = 108;
    int RES_BUILD_LOG_LINE = 101;
    int RES_SET_PHASE = 104;
    int RES_PROGRESS = 105;
    int RES_SET_EXPECTED = 106;

    /** A message; level 0 is an error. {@code text} has its terminal colours removed. */
    record Msg(int level, String text, String rawText, Optional<String> file, Optional<Integer> line)
            implements NixLogEvent {}

    record Start(long id, int type, String text, List<String> fields, long parent) implements NixLogEvent {}

    record Stop(long id) implements NixLogEvent {}

    record Result(long id, int type, List<String> fields) implements NixLogEvent {
        public long longField(int i) {
            try {
                return Long.parseLong(fields.get(i));
            } catch (RuntimeException e) {
                return 0;
            }
        }
    }

    ObjectMapper JSON = new ObjectMapper();
    Pattern ANSI = Pattern.compile("\u001b\\[[0-9;]*[A-Za-z]");

    static String stripAnsi(String s) {
        return s == null ? "" : ANSI.matcher(s).replaceAll("");
    }

    /** Parses one stderr line; empty when it is not an internal-json line or is malformed. */
    static Optional<NixLogEvent> parse(String line) {
        if (line == null || !line.startsWith(PREFIX)) {
            return Optional.empty();
        }
        JsonNode n;
        try {
            n = JSON.readTree(line.substring(PREFIX.length()));
        } catch (Exception e) {
            return Optional.empty();
        }
        String action = n.path("action").asText("");
        return switch (action) {
            case "msg" -> Optional.of(new Msg(n.path("level").asInt(3), stripAnsi(n.path("msg").asText("")),
                    stripAnsi(n.path("raw_msg").asText(n.path("msg").asText(""))),
                    n.hasNonNull("file") ? Optional.of(n.get("file").asText()) : Optional.empty(),
                    n.hasNonNull("line") ? Optional.of(n.get("line").asInt()) : Optional.empty()));
            case "start" -> Optional.of(new Start(n.path("id").asLong(), n.path("type").asInt(),
                    stripAnsi(n.path("text").asText("")), fields(n), n.path("parent").asLong(0)));
            case "stop" -> Optional.of(new Stop(n.path("id").asLong()));
            case "result" -> Optional.of(new Result(n.path("id").asLong(), n.path("type").asInt(), fields(n)));
            default -> Optional.empty();
        };
    }

    private static List<String> fields(JsonNode n) {
        List<String> out = new ArrayList<>();
        for (JsonNode f : n.path("fields")) {
            out.add(stripAnsi(f.asText()));
        }
        return List.copyOf(out);
    }
}
