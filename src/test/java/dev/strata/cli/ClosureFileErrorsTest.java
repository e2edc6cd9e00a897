package dev.strata.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code plan --closure FILE} on closure files with wrong types, impossible sizes, missing paths
 * and cycles, in both JSON shapes of {@code nix path-info --json}: each is one sentence naming the
 * bad value and exit 1, never an internal error and never a plan of nonsense sizes.
 */
class ClosureFileErrorsTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String A = "/nix/store/0jq9lmyg6gclxyhmviafp09g87gcsbnz-app-1";
    static final String L = "/nix/store/vz0h9zsn8l56szbwzpripicrr2zf1p85-lib-1";
    static final String C = "/nix/store/3x6yxb3z7hkw1j1x4ckxql9l8jrp1pc3-libc-1";

    @TempDir
    Path dir;

    record Run(int code, String out, String err) {}

    static Run strata(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = StrataCli.commandLine(new PrintWriter(out), new PrintWriter(err)).execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    /** One entry: path, narSize, references as raw JSON text. */
    static String entry(String path, String narSize, String references) {
        return "{\"path\":\"" + path + "\",\"narHash\":\"sha256:0\",\"narSize\":" + narSize + ",\"references\":"
                + references + "}";
    }

    static String refs(String... paths) {
        StringBuilder b = new StringBuilder("[");
        for (String p : paths) {
            b.append(b.length() > 1 ? "," : "").append('"').append(p).append('"');
        }
        return b.append(']').toString();
    }

    /** The array shape (Nix 2.8) of these entries. */
    static String array(String... entries) {
        return "[" + String.join(",", entries) + "]";
    }

    /** The same entries in the object shape of Nix >= 2.19 (keyed by path, no "path" field). */
    static String object(String arrayJson) throws Exception {
        ObjectNode o = JSON.createObjectNode();
        for (JsonNode n : JSON.readTree(arrayJson)) {
            ObjectNode copy = ((ObjectNode) n).deepCopy();
            copy.remove("path");
            o.set(n.get("path").asText(), copy);
        }
        return JSON.writeValueAsString(o);
    }

    static Stream<Arguments> badFiles() {
        String two = String.valueOf(Long.MAX_VALUE / 2 + 1);
        return Stream.of(
                Arguments.of("a size that is text", array(entry(A, "\"big\"", refs())), "narSize", "\"big\""),
                Arguments.of("a size with an exponent", array(entry(A, "1e30", refs())), "narSize", "1.0E30"),
                Arguments.of("a fractional size", array(entry(A, "12.5", refs())), "narSize", "12.5"),
                Arguments.of("a negative size", array(entry(A, "-1", refs())), "narSize", "-1"),
                Arguments.of("a size beyond a long", array(entry(A, "99999999999999999999", refs())), "narSize",
                        "99999999999999999999"),
                Arguments.of("sizes whose sum overflows", array(entry(A, two, refs(L)), entry(L, two, refs())),
                        "add up to", A),
                Arguments.of("references that are text", array(entry(A, "1", "\"x\"")), "references", "a string"),
                Arguments.of("a reference that is a number", array(entry(A, "1", "[5]")), "reference", "5"),
                Arguments.of("a reference that is not a store path", array(entry(A, "1", "[\"/usr/lib\"]")),
                        "reference", "/usr/lib"),
                Arguments.of("a reference to a path not in the file", array(entry(A, "1", refs(L))), L, "not in"),
                Arguments.of("a cycle", array(entry(A, "1", refs(L)), entry(L, "1", refs(C)), entry(C, "1", refs(L))),
                        L, C),
                Arguments.of("no references field", array("{\"path\":\"" + A + "\",\"narSize\":1}"), "references", A),
                Arguments.of("a hash that is a number", array("{\"path\":\"" + A + "\",\"narHash\":5,\"narSize\":1,"
                        + "\"references\":[]}"), "narHash", A),
                Arguments.of("validity that is text", array("{\"path\":\"" + A + "\",\"valid\":\"yes\",\"narSize\":1,"
                        + "\"references\":[]}"), "valid", "\"yes\""),
                Arguments.of("an entry that is text", "{\"" + A + "\":\"hello\"}", A, "not an object"),
                Arguments.of("a path that is a number", "[{\"path\":5,\"narSize\":1,\"references\":[]}]", "path", "5"),
                Arguments.of("no paths at all", "[]", "no store paths", ""),
                Arguments.of("a path listed twice", "{\"" + A + "\":{\"narSize\":1,\"references\":[]},\"" + A
                        + "\":{\"narSize\":2,\"references\":[]}}", A, "twice"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badFiles")
    void aBadClosureFileIsOneSentenceNamingTheValue(String what, String json, String mentions, String alsoMentions)
            throws Exception {
        List<String> shapes = json.startsWith("[") && !json.equals("[]") ? List.of(json, object(json)) : List.of(json);
        for (String shape : shapes) {
            Path file = Files.writeString(dir.resolve("closure.json"), shape);
            Run r = strata("plan", "--closure", file.toString());
            assertEquals(StrataCli.EXIT_USER_ERROR, r.code(), what + ": " + shape + "\n" + r.err() + r.out());
            String err = r.err().strip();
            assertTrue(err.startsWith("strata: ") && !err.contains("\n"), what + ": " + err);
            assertFalse(err.contains("internal error"), err);
            assertTrue(err.contains(mentions) && err.contains(alsoMentions), what + ": " + err);
            assertEquals("", r.out(), "no plan printed");
        }
    }

    @Test
    void selfReferencesAreFineAndSizesAddUpExactly() throws Exception {
        String json = array(entry(A, "7", refs(A, L)), entry(L, String.valueOf(Long.MAX_VALUE - 7), refs(L)));
        for (String shape : List.of(json, object(json))) {
            Path file = Files.writeString(dir.resolve("ok.json"), shape);
            Run r = strata("plan", "--closure", file.toString(), "--json");
            assertEquals(0, r.code(), r.err());
            JsonNode closure = JSON.readTree(r.out()).get("closure");
            assertEquals(Long.MAX_VALUE, closure.get("narSize").asLong());
            ArrayNode paths = (ArrayNode) closure.get("paths");
            assertEquals(2, paths.size());
        }
    }
}
