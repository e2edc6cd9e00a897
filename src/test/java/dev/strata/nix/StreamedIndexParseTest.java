package dev.strata.nix;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A cold search parses nix-env's list straight into the index ({@link PackageIndexParser#parseIndex}),
 * reading the kept fields without the ObjectMapper: for any list, with values of every JSON type
 * where nix-env prints strings (numbers, booleans, nulls, arrays, licence objects and lists, control
 * characters, fields it does not keep), the packages are those {@link PackageIndexParser#toInfo}
 * makes of the whole tree the ObjectMapper reads, and the index is the one made of them.
 */
class StreamedIndexParseTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void parsedStraightIntoTheIndexAsFromTheMappersTree() throws Exception {
        qt().withExamples(400).forAll(longs().all()).checkAssert(seed -> {
            byte[] list = list(new Random(seed)).getBytes(StandardCharsets.UTF_8);
            List<PackageInfo> expected = new ArrayList<>();
            try {
                Iterator<Map.Entry<String, JsonNode>> it = JSON.readTree(list).fields();
                while (it.hasNext()) {
                    Map.Entry<String, JsonNode> e = it.next();
                    expected.add(PackageIndexParser.toInfo(e.getKey(), e.getValue()));
                }
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
            assertEquals(expected, PackageIndexParser.parse(new ByteArrayInputStream(list)), new String(list,
                    StandardCharsets.UTF_8));
            PackageIndex streamed = PackageIndexParser.parseIndex(new ByteArrayInputStream(list));
            PackageIndex made = new PackageIndex(expected);
            assertEquals(made.count, streamed.count);
            assertArrayEquals(made.text, streamed.text);
            assertArrayEquals(made.fields, streamed.fields);
            assertArrayEquals(made.flags, streamed.flags);
            assertArrayEquals(made.keys, streamed.keys);
            assertArrayEquals(made.keyAt, streamed.keyAt);
            assertArrayEquals(made.attrChars, streamed.attrChars);
        });
    }

    @Test
    void aKnownListGivesItsPackagesSortedByAttributePath() {
        String list = "{\"zz\": {\"name\": \"zz-1.0\", \"meta\": {\"description\": \"last\\u001b[2J\", "
                + "\"license\": [{\"spdxId\": \"MIT\"}, {\"shortName\": \"unfreeRedistributable\", \"free\": false}],"
                + " \"broken\": true, \"platforms\": [\"x86_64-linux\"]}},"
                + " \"aa\": {\"name\": \"aa-2\", \"pname\": \"aa\", \"version\": 2, \"meta\": {\"homepage\": [\"h1\", \"h2\"],"
                + " \"mainProgram\": null, \"license\": \"GPL\"}}}";
        PackageIndex index = PackageIndexParser.parseIndex(new ByteArrayInputStream(list.getBytes(StandardCharsets.UTF_8)));
        assertEquals(List.of(
                new PackageInfo("aa", "aa-2", "aa", "2", "", "GPL", "h1", "", false, false),
                new PackageInfo("zz", "zz-1.0", "zz", "1.0", "last [2J", "MIT, unfreeRedistributable", "", "", true, true)),
                index.all());
    }

    // ---- random lists as nix-env prints them, and worse ----

    private static final String[] WORDS = {"a", "hello", "py.lib", "é\u4e2d", "x\u0007y", "-1.0", "unfree", "0"};

    private static String list(Random r) {
        StringBuilder b = new StringBuilder("{");
        java.util.Set<String> names = new java.util.HashSet<>(); // nix-env prints each attribute path once
        for (int i = r.nextInt(12); i > 0; i--) {
            String name;
            do {
                name = "p" + r.nextInt(30) + (r.nextBoolean() ? ".q" + r.nextInt(5) : "");
            } while (!names.add(name));
            b.append(str(name)).append(": ");
            if (r.nextInt(15) == 0) {
                b.append(any(r, 0));
            } else {
                b.append('{');
                List<String> fields = new ArrayList<>();
                for (String f : new String[] {"name", "pname", "version", "system", "outputName"}) {
                    if (r.nextInt(4) != 0) {
                        fields.add(str(f) + ": " + (f.equals("name") && r.nextBoolean()
                                ? str(word(r) + "-" + r.nextInt(9) + "." + r.nextInt(9)) : any(r, 1)));
                    }
                }
                if (r.nextInt(5) != 0) {
                    List<String> meta = new ArrayList<>();
                    for (String f : new String[] {"description", "license", "homepage", "mainProgram", "broken",
                            "unfree", "platforms", "maintainers", "longDescription"}) {
                        if (r.nextInt(3) != 0) {
                            meta.add(str(f) + ": " + (f.equals("license") ? license(r) : any(r, 2)));
                        }
                    }
                    fields.add(str("meta") + ": {" + String.join(", ", meta) + "}");
                }
                java.util.Collections.shuffle(fields, r);
                b.append(String.join(", ", fields)).append('}');
            }
            b.append(i > 1 ? ", " : "");
        }
        return b.append('}').toString();
    }

    private static String license(Random r) {
        return switch (r.nextInt(4)) {
            case 0 -> str(r.nextBoolean() ? "MIT" : "unfree");
            case 1 -> licenceObject(r);
            case 2 -> "[" + licenceObject(r) + ", " + licenceObject(r) + "]";
            default -> any(r, 2);
        };
    }

    private static String licenceObject(Random r) {
        List<String> f = new ArrayList<>();
        for (String k : new String[] {"spdxId", "shortName", "fullName", "free", "url"}) {
            if (r.nextBoolean()) {
                f.add(str(k) + ": " + (k.equals("free") ? (r.nextBoolean() ? "false" : any(r, 0)) : k.equals("shortName")
                        && r.nextBoolean() ? str("unfreeRedistributable") : any(r, 0)));
            }
        }
        return "{" + String.join(", ", f) + "}";
    }

    private static String any(Random r, int depth) {
        int k = r.nextInt(depth > 0 ? 8 : 6);
        return switch (k) {
            case 0, 1 -> str(word(r));
            case 2 -> r.nextBoolean() ? "true" : "false";
            case 3 -> "null";
            case 4 -> r.nextBoolean() ? Integer.toString(r.nextInt(2000) - 1000) : r.nextInt(100) + ".50";
            case 5 -> r.nextBoolean() ? "\"\"" : str(word(r) + " " + word(r));
            case 6 -> "[" + any(r, depth - 1) + (r.nextBoolean() ? ", " + any(r, depth - 1) : "") + "]";
            default -> "{" + str(word(r)) + ": " + any(r, depth - 1) + "}";
        };
    }

    private static String word(Random r) {
        return WORDS[r.nextInt(WORDS.length)];
    }

    private static String str(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c < 0x20) {
                b.append(String.format("\\u%04x", (int) c));
            } else if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }
}
