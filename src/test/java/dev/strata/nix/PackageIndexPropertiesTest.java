package dev.strata.nix;

import static dev.strata.testing.Gens.listOf;
import static dev.strata.testing.Gens.pick;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.strata.StrataException;
import java.io.StringReader;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * What {@code nix-env -qaP --json --meta} prints for a package set someone else wrote: any value may
 * stand in any field (a licence that is a number, a description that is an array, text with terminal
 * escapes, an entry that is null). The index is read without an exception, every package is kept,
 * and every text field a person sees is printable.
 */
class PackageIndexPropertiesTest {
    static final JsonNodeFactory F = JsonNodeFactory.instance;
    static final String[] TEXTS = {"unfree", "\u001b[2J\u001b[31mred", "a\u0000b", "line\nbreak", "", "GPL-3.0", "x"};

    /** Any JSON value, up to three levels deep, with the field names meta uses. */
    static JsonNode value(Random r, int depth) {
        switch (r.nextInt(depth <= 0 ? 5 : 7)) {
            case 0:
                return F.textNode(TEXTS[r.nextInt(TEXTS.length)]);
            case 1:
                return F.numberNode(r.nextLong());
            case 2:
                return F.numberNode(r.nextDouble() * 1e10);
            case 3:
                return r.nextBoolean() ? F.booleanNode(r.nextBoolean()) : F.nullNode();
            case 4:
                return F.textNode(Long.toString(r.nextLong(), 36));
            case 5: {
                ArrayNode a = F.arrayNode();
                for (int i = r.nextInt(3); i > 0; i--) {
                    a.add(value(r, depth - 1));
                }
                return a;
            }
            default: {
                ObjectNode o = F.objectNode();
                for (String f : List.of("free", "spdxId", "shortName", "fullName", "description", "license",
                        "broken", "unfree", "mainProgram", "homepage")) {
                    if (r.nextInt(3) == 0) {
                        o.set(f, value(r, depth - 1));
                    }
                }
                return o;
            }
        }
    }

    static ObjectNode packageSet(long seed) {
        Random r = new Random(seed);
        ObjectNode set = F.objectNode();
        for (int i = r.nextInt(6); i > 0; i--) {
            ObjectNode p = F.objectNode();
            for (String f : List.of("name", "pname", "version", "system")) {
                if (r.nextInt(3) > 0) {
                    p.set(f, r.nextBoolean() ? F.textNode(f + "-" + TEXTS[r.nextInt(TEXTS.length)]) : value(r, 1));
                }
            }
            p.set("meta", value(r, 3));
            set.set("pkg" + i + (r.nextBoolean() ? ".sub" : ""), r.nextInt(8) == 0 ? value(r, 1) : p);
        }
        return set;
    }

    @Test
    void oddMetaTypesNeverBreakTheIndex() {
        qt().withExamples(2000).forAll(longs().all()).checkAssert(seed -> {
            ObjectNode set = packageSet(seed);
            List<PackageInfo> infos = PackageIndexParser.parse(new StringReader(set.toString()));
            assertEquals(set.size(), infos.size());
            for (PackageInfo p : infos) {
                for (String text : List.of(p.name(), p.pname(), p.version(), p.description(), p.license(),
                        p.homepage(), p.mainProgram())) {
                    assertTrue(text.chars().noneMatch(Character::isISOControl), p.toString());
                }
            }
        });
    }

    @Test
    void anyTextIsAnIndexOrOneSentence() {
        qt().withExamples(2000).forAll(listOf(pick("{", "}", "[", "]", ",", ":", "\"hello\"", "\"meta\"",
                "\"license\"", "null", "1", "\"x\"", "true", " "), 0, 30).map(l -> String.join("", l))).checkAssert(t -> {
                    try {
                        PackageIndexParser.parse(new StringReader(t));
                    } catch (StrataException e) {
                        assertTrue(e.getMessage().indexOf('\n') < 0, e.getMessage());
                    }
                });
    }
}
