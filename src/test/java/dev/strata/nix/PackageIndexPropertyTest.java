package dev.strata.nix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.strata.StrataException;
import java.io.StringReader;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * What {@code nix-env -qaP --json --meta} prints for a package set someone else wrote: any value may
 * stand in any field of {@code meta} (a licence that is a number, a description that is an array,
 * text with terminal escapes). The index is read without an exception, and every text field a
 * person sees is printable.
 */
class PackageIndexPropertyTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final JsonNodeFactory F = JsonNodeFactory.instance;

    @Provide
    Arbitrary<JsonNode> values() {
        return Arbitraries.lazyOf(
                () -> Arbitraries.strings().ofMaxLength(12).map(F::textNode),
                () -> Arbitraries.of("unfree", "\u001b[2J\u001b[31mred", "a\u0000b", "line\nbreak", "").map(F::textNode),
                () -> Arbitraries.longs().map(F::numberNode),
                () -> Arbitraries.doubles().map(F::numberNode),
                () -> Arbitraries.of(F.booleanNode(true), F.booleanNode(false), F.nullNode()),
                () -> values().list().ofMaxSize(3).map(l -> {
                    ArrayNode a = F.arrayNode();
                    l.forEach(a::add);
                    return a;
                }),
                () -> Arbitraries.maps(Arbitraries.of("free", "spdxId", "shortName", "fullName", "x"), values())
                        .ofMaxSize(3).map(m -> {
                            ObjectNode o = F.objectNode();
                            m.forEach(o::set);
                            return o;
                        }));
    }

    @Provide
    Arbitrary<JsonNode> packages() {
        Arbitrary<ObjectNode> meta = Arbitraries.maps(Arbitraries.of("description", "license", "homepage",
                "mainProgram", "broken", "unfree", "other"), values()).ofMaxSize(6).map(m -> {
                    ObjectNode o = F.objectNode();
                    m.forEach(o::set);
                    return o;
                });
        Arbitrary<JsonNode> entry = Arbitraries.oneOf(values(), Arbitraries.maps(Arbitraries.of("name", "pname",
                "version", "system", "meta"), Arbitraries.oneOf(values(), meta.map(o -> (JsonNode) o))).ofMaxSize(5)
                .map(m -> {
                    ObjectNode o = F.objectNode();
                    m.forEach(o::set);
                    return o;
                }));
        return Arbitraries.maps(Arbitraries.strings().withCharRange('a', 'z').withChars(".-").ofMinLength(1)
                .ofMaxLength(10), entry).ofMaxSize(6).map(m -> {
                    ObjectNode o = F.objectNode();
                    m.forEach(o::set);
                    return o;
                });
    }

    @Property(tries = 2000)
    void oddMetaTypesNeverBreakTheIndex(@ForAll("packages") JsonNode set) throws Exception {
        List<PackageInfo> infos = PackageIndexParser.parse(new StringReader(JSON.writeValueAsString(set)));
        assertEquals(set.size(), infos.size());
        for (PackageInfo p : infos) {
            for (String text : List.of(p.name(), p.pname(), p.version(), p.description(), p.license(), p.homepage(),
                    p.mainProgram())) {
                assertTrue(text.chars().noneMatch(Character::isISOControl), p.toString());
            }
        }
    }

    @Property(tries = 2000)
    void anyTextIsAnIndexOrOneSentence(@ForAll("jsonish") String text) {
        try {
            PackageIndexParser.parse(new StringReader(text));
        } catch (StrataException e) {
            assertTrue(e.getMessage().indexOf('\n') < 0, e.getMessage());
        }
    }

    @Provide
    Arbitrary<String> jsonish() {
        return Arbitraries.of("{", "}", "[", "]", ",", ":", "\"hello\"", "\"meta\"", "\"license\"", "null", "1",
                "\"x\"", "true", " ").list().ofMaxSize(30).map(l -> String.join("", l));
    }
}
