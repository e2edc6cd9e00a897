package dev.strata.nix;

import static dev.strata.testing.Gens.listOf;
import static dev.strata.testing.Gens.pick;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.strata.StrataException;
import dev.strata.closure.Closure;
import dev.strata.closure.StorePath;
import dev.strata.compose.Composer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quicktheories.core.Gen;

/**
 * Closure files ({@code nix path-info --json}, both shapes) as an attacker or a broken tool writes
 * them, read as {@code plan --closure FILE} reads them: whatever the text, the result is a closure
 * or a {@link StrataException} naming the file in one line; a valid closure reads back as the
 * model that wrote it, sizes added up exactly; one field of a valid file given a wrong value is
 * refused naming the path it belongs to.
 */
class ClosureJsonPropertiesTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final JsonNodeFactory F = JsonNodeFactory.instance;
    static final String ALPHABET = "0123456789abcdfghijklmnpqrsvwxyz";

    @TempDir
    Path dir;

    /** What {@code plan --closure FILE} does with the text. */
    Closure read(String json) {
        Path file = dir.resolve("closure.json");
        try {
            Files.writeString(file, json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Composer.readClosure(file, List.of());
    }

    String file() {
        return dir.resolve("closure.json").toString();
    }

    /** A model closure: path i references only paths below it (a DAG), with a size each. */
    record Model(List<String> paths, List<Long> sizes, List<List<Integer>> refs) {
        static Model random(long seed) {
            Random r = new Random(seed);
            int n = 1 + r.nextInt(12);
            Set<String> paths = new LinkedHashSet<>();
            while (paths.size() < n) {
                StringBuilder h = new StringBuilder("/nix/store/");
                for (int i = 0; i < 32; i++) {
                    h.append(ALPHABET.charAt(r.nextInt(ALPHABET.length())));
                }
                paths.add(h + "-p" + r.nextInt(1000) + (r.nextBoolean() ? "-1.0" : "+x_y"));
            }
            List<Long> sizes = new ArrayList<>();
            List<List<Integer>> refs = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                sizes.add(r.nextInt(4) == 0 ? 0 : (r.nextLong() >>> 5)); // up to 2^59: twelve fit a long
                List<Integer> ri = new ArrayList<>();
                for (int j = 0; j < i; j++) {
                    if (r.nextInt(3) == 0) {
                        ri.add(j);
                    }
                }
                refs.add(ri);
            }
            return new Model(new ArrayList<>(paths), sizes, refs);
        }

        ArrayNode arrayShape() {
            ArrayNode a = JSON.createArrayNode();
            for (int i = 0; i < paths.size(); i++) {
                ObjectNode e = entry(i);
                e.put("path", paths.get(i));
                a.add(e);
            }
            return a;
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

    /** The same entries keyed by path, as Nix 2.19 and later print them. */
    static ObjectNode objectShape(ArrayNode array) {
        ObjectNode o = JSON.createObjectNode();
        for (JsonNode e : array) {
            ObjectNode copy = ((ObjectNode) e).deepCopy();
            copy.remove("path");
            o.set(e.get("path").asText(), copy);
        }
        return o;
    }

    static Gen<Model> closures() {
        return longs().all().map(Model::random);
    }

    @Test
    void aValidClosureReadsBackAsItsModelInBothShapes() {
        qt().withExamples(1000).forAll(closures()).checkAssert(m -> {
            for (JsonNode shape : List.of(m.arrayShape(), objectShape(m.arrayShape()))) {
                Closure c = Closure.of(PathInfoJson.parse(shape.toString(), "closure.json"));
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
        });
    }

    /** Any JSON value where one field of one entry should be. */
    static Gen<JsonNode> wrongValues() {
        return longs().all().map(seed -> {
            Random r = new Random(seed);
            return switch (r.nextInt(8)) {
                case 0 -> F.textNode(Long.toString(r.nextLong(), 36));
                case 1 -> F.numberNode(r.nextDouble() * Math.pow(10, r.nextInt(40)));
                case 2 -> F.numberNode(-1 - (r.nextLong() >>> 1));
                case 3 -> F.numberNode(BigInteger.valueOf(Long.MAX_VALUE).add(BigInteger.valueOf(1 + r.nextInt(1000))));
                case 4 -> F.booleanNode(r.nextBoolean());
                case 5 -> F.arrayNode().add("/usr/lib/x" + r.nextInt(10));
                case 6 -> F.objectNode();
                default -> F.numberNode(r.nextInt(1000));
            };
        });
    }

    @Test
    void aWrongValueInOneFieldIsRefusedNamingItsPath() {
        Gen<String> fields = pick("narSize", "references", "narHash", "valid", "closureSize", "deriver");
        qt().withExamples(1000).forAll(closures(), wrongValues(), fields, longs().all()).checkAssert(
                (m, value, field, which) -> {
                    ArrayNode a = m.arrayShape();
                    int i = (int) Math.floorMod(which, (long) a.size());
                    ((ObjectNode) a.get(i)).set(field, value);
                    boolean fine = (field.equals("narHash") || field.equals("deriver")) && value.isTextual()
                            || field.equals("valid") && value.isBoolean() && value.booleanValue()
                            || (field.equals("narSize") || field.equals("closureSize")) && value.isIntegralNumber()
                                    && value.canConvertToLong() && value.asLong() >= 0;
                    for (JsonNode shape : List.of(a, objectShape(a))) {
                        try {
                            read(shape.toString());
                            assertTrue(fine, field + "=" + value + " was accepted");
                        } catch (StrataException e) {
                            assertTrue(e.getMessage().contains(file()), e.getMessage());
                            assertTrue(e.getMessage().contains(m.paths().get(i)), e.getMessage());
                            assertTrue(!fine, field + "=" + value + ": " + e.getMessage());
                        }
                    }
                });
    }

    /** Text near the format: fragments of closure JSON glued at random, so parsing goes deep. */
    static Gen<String> jsonish() {
        return listOf(pick("[", "]", "{", "}", ",", ":", "\"path\"", "\"narSize\"", "\"references\"", "\"valid\"",
                "\"/nix/store/0jq9lmyg6gclxyhmviafp09g87gcsbnz-app-1\"", "\"/usr/x\"", "12", "-1", "1e30", "null",
                "true", "\"x\"", "99999999999999999999", " "), 0, 40).map(l -> String.join("", l));
    }

    @Test
    void anyTextIsAClosureOrOneSentence() {
        qt().withExamples(2000).forAll(jsonish()).checkAssert(text -> {
            try {
                read(text);
            } catch (StrataException e) {
                assertTrue(e.getMessage().contains(file()), e.getMessage());
                assertTrue(e.getMessage().indexOf('\n') < 0, e.getMessage());
            }
        });
    }
}
