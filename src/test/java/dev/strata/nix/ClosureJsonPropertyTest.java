package dev.strata.nix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.strata.StrataException;
import dev.strata.closure.Closure;
import dev.strata.closure.StorePath;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Closure files ({@code nix path-info --json}, both shapes) as an attacker or a broken tool writes
 * them: whatever the text, reading it and making the closure either works or ends in a
 * {@link StrataException} naming the file; a valid closure reads back as the model that wrote it,
 * with its sizes added up exactly; one field of a valid file given a wrong value is refused
 * naming the path it belongs to.
 */
class ClosureJsonPropertyTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final java.nio.file.Path FILE = tempFile();
    static final String ORIGIN = FILE.toString();

    private static java.nio.file.Path tempFile() {
        try {
            java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("closure-json-property");
            dir.toFile().deleteOnExit();
            java.nio.file.Path f = dir.resolve("closure.json");
            f.toFile().deleteOnExit();
            return f;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** What {@code plan --closure FILE} does with the text. */
    static Closure read(String json) {
        try {
            java.nio.file.Files.writeString(FILE, json);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return dev.strata.compose.Composer.readClosure(FILE, List.of());
    }
    static final String ALPHABET = "0123456789abcdfghijklmnpqrsvwxyz";

    /** A model closure: path i references only paths below it (a DAG), with a size each. */
    record Model(List<String> paths, List<Long> sizes, List<List<Integer>> refs) {
        ArrayNode arrayShape() {
            ArrayNode a = JSON.createArrayNode();
            for (int i = 0; i < paths.size(); i++) {
                ObjectNode e = entry(i);
                e.put("path", paths.get(i));
                a.add(e);
            }
            return a;
        }

        ObjectNode objectShape() {
            ObjectNode o = JSON.createObjectNode();
            for (int i = 0; i < paths.size(); i++) {
                o.set(paths.get(i), entry(i));
            }
            return o;
        }

        private ObjectNode entry(int i) {
            ObjectNode e = JSON.createObjectNode();
            e.put("narHash", "sha256:" + i);
            e.put("narSize", sizes.get(i));
            ArrayNode r = e.putArray("references");
            r.add(paths.get(i)); // Nix lists self-references
            refs.get(i).forEach(j -> r.add(paths.get(j)));
            return e;
        }
    }

    @Provide
    Arbitrary<Model> closures() {
        Arbitrary<String> hash = Arbitraries.strings().withChars(ALPHABET.toCharArray()).ofLength(32);
        Arbitrary<String> name = Arbitraries.strings().withCharRange('a', 'z').withChars("-.+_0123456789")
                .ofMinLength(1).ofMaxLength(12);
        return Arbitraries.integers().between(1, 12).flatMap(n -> Combinators.combine(
                Combinators.combine(hash, name).as((h, m) -> "/nix/store/" + h + "-" + m).list().ofSize(n)
                        .uniqueElements(),
                Arbitraries.longs().between(0, Long.MAX_VALUE / 16).list().ofSize(n),
                Arbitraries.randomValue(random -> {
                    List<List<Integer>> refs = new ArrayList<>();
                    for (int i = 0; i < n; i++) {
                        List<Integer> r = new ArrayList<>();
                        for (int j = 0; j < i; j++) {
                            if (random.nextInt(3) == 0) {
                                r.add(j);
                            }
                        }
                        refs.add(r);
                    }
                    return refs;
                })).as(Model::new));
    }

    @Property(tries = 1000)
    void aValidClosureReadsBackAsItsModelInBothShapes(@ForAll("closures") Model m) throws Exception {
        for (String json : List.of(JSON.writeValueAsString(m.arrayShape()), JSON.writeValueAsString(m.objectShape()))) {
            Closure c = Closure.of(PathInfoJson.parse(json, ORIGIN));
            assertEquals(m.paths().size(), c.size());
            long total = 0;
            for (int i = 0; i < m.paths().size(); i++) {
                StorePath p = StorePath.of(m.paths().get(i));
                assertEquals(m.sizes().get(i), c.narSize(p));
                assertEquals(m.refs().get(i).stream().map(j -> m.paths().get(j)).sorted().toList(),
                        c.references(p).stream().map(StorePath::path).toList());
                total += m.sizes().get(i);
            }
            assertEquals(total, c.totalNarSize());
        }
    }

    /** Any JSON value where one field of one entry should be. */
    @Provide
    Arbitrary<Object> wrongValues() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(8).map(f::textNode),
                Arbitraries.doubles().map(f::numberNode),
                Arbitraries.longs().lessOrEqual(-1).map(f::numberNode),
                Arbitraries.bigIntegers().between(java.math.BigInteger.valueOf(Long.MAX_VALUE).add(
                        java.math.BigInteger.ONE), java.math.BigInteger.TEN.pow(30)).map(f::numberNode),
                Arbitraries.of(f.booleanNode(true), f.objectNode(), f.arrayNode(), f.numberNode(1)),
                Arbitraries.strings().ofMaxLength(8).map(s -> f.arrayNode().add(s)));
    }

    @Property(tries = 1000)
    void aWrongValueInOneFieldIsRefusedNamingItsPath(@ForAll("closures") Model m, @ForAll("wrongValues") Object v,
                                                    @ForAll("fields") String field, @ForAll boolean objectShape)
            throws Exception {
        ArrayNode a = m.arrayShape();
        int i = Math.floorMod(v.hashCode(), a.size());
        ObjectNode entry = (ObjectNode) a.get(i);
        com.fasterxml.jackson.databind.JsonNode value = (com.fasterxml.jackson.databind.JsonNode) v;
        boolean fine = (field.equals("narHash") || field.equals("deriver")) && value.isTextual()
                || field.equals("references") && value.isArray() && value.isEmpty()
                || field.equals("valid") && value.isBoolean() && value.booleanValue()
                || (field.equals("narSize") || field.equals("closureSize")) && value.isIntegralNumber()
                        && value.canConvertToLong() && value.asLong() >= 0;
        entry.set(field, value);
        String json;
        if (objectShape) {
            ObjectNode o = JSON.createObjectNode();
            for (com.fasterxml.jackson.databind.JsonNode e : a) {
                ObjectNode copy = ((ObjectNode) e).deepCopy();
                copy.remove("path");
                o.set(e.get("path").asText(), copy);
            }
            json = JSON.writeValueAsString(o);
        } else {
            json = JSON.writeValueAsString(a);
        }
        try {
            read(json);
            assertTrue(fine, field + "=" + value + " was accepted");
        } catch (StrataException e) {
            assertTrue(e.getMessage().contains(ORIGIN), e.getMessage());
            // a wrong value names its path; a size that is fine alone may overflow the sum (named by the largest)
            assertTrue(e.getMessage().contains(m.paths().get(i)) || e.getMessage().contains("add up to"),
                    e.getMessage());
            assertTrue(!fine || e.getMessage().contains("add up to"), field + "=" + value + ": " + e.getMessage());
        }
    }

    @Provide
    Arbitrary<String> fields() {
        return Arbitraries.of("narSize", "references", "narHash", "valid", "closureSize", "deriver");
    }

    @Property(tries = 2000)
    void anyTextIsAClosureOrOneSentence(@ForAll("jsonish") String text) {
        try {
            read(text);
        } catch (StrataException e) {
            assertTrue(e.getMessage().contains(ORIGIN), e.getMessage());
            assertTrue(e.getMessage().indexOf('\n') < 0, e.getMessage());
        }
    }

    /** Text near the format: fragments of closure JSON glued at random, so parsing goes deep. */
    @Provide
    Arbitrary<String> jsonish() {
        return Arbitraries.of("[", "]", "{", "}", ",", ":", "\"path\"", "\"narSize\"", "\"references\"", "\"valid\"",
                "\"/nix/store/0jq9lmyg6gclxyhmviafp09g87gcsbnz-app-1\"", "\"/usr/x\"", "12", "-1", "1e30", "null",
                "true", "\"x\"", "99999999999999999999", " ").list().ofMaxSize(40).map(l -> String.join("", l));
    }
}
