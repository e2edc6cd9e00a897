package dev.strata.layering;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.StrataException;
import dev.strata.closure.StorePath;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Nixery's popularity format: reading files, errors for people, writing, counting (URLs: compose.PopularitySourceTest). */
class PopularityTest {
    @TempDir
    Path dir;

    @Test
    void loadsNixerysFormatFromAFile() throws IOException {
        Path f = dir.resolve("pop.json");
        Files.writeString(f, "{\"glibc-2.37-8\": 2410, \"zlib-1.3\": 830, \"bash-5.2\": 1}");
        Popularity p = Popularity.read(f);
        assertEquals(2410, p.count("glibc-2.37-8"));
        assertEquals(830, p.count(StorePath.of("/nix/store/00000000000000000000000000000000-zlib-1.3")));
        assertEquals(1, p.count("unknown-1.0"));
        assertEquals(3, p.size());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "''|it is empty",
        "[1, 2]|it starts with an array, not an object",
        "{\"a\": \"many\"}|the count of \"a\" is a string, not a whole number",
        "{\"a\": 1.5}|the count of \"a\" is a fraction, not a whole number",
        "{\"a\": -3}|the count of \"a\" is negative (-3)",
        "{\"a\": 1, \"a\": 2}|the name \"a\" appears twice",
        "{\"/nix/store/x-a\": 1}|the key \"/nix/store/x-a\" is a path; keys are store path names without the /nix/store/HASH- prefix",
        "{\"a\": 1} {}|there is more JSON after the object",
        "{\"a\": 1|it is not valid JSON",
        "{\"a\": 99999999999999999999}|the count of \"a\" is 99999999999999999999, larger than any count",
        "{\"a\": 1e3}|the count of \"a\" is a fraction, not a whole number",
        "{\"a\": [1]}|the count of \"a\" is an array, not a whole number",
    })
    void malformedDataIsOneSentenceNamingTheFileAndTheProblem(String json, String problem) throws IOException {
        Path f = dir.resolve("bad.json");
        Files.writeString(f, json);
        StrataException e = assertThrows(StrataException.class, () -> Popularity.read(f));
        String prefix = "the popularity file " + f + " is not popularity data: ";
        assertTrue(e.getMessage().startsWith(prefix + problem), e.getMessage());
        assertTrue(e.getMessage().endsWith("; expected a JSON object from store path names without hash to counts, "
                + "e.g. {\"glibc-2.37-8\": 2410} (compute it with ./strata popularity)"), e.getMessage());
        assertEquals(-1, e.getMessage().indexOf('\n'));
    }

    @Test
    void aMissingFileSaysHowToMakeOne() {
        Path f = dir.resolve("none.json");
        StrataException e = assertThrows(StrataException.class, () -> Popularity.read(f));
        assertEquals("the popularity file " + f + " does not exist; compute one with ./strata popularity -o FILE, "
                + "or give an http(s) URL", e.getMessage());
    }

    @Test
    void writesSortedKeysAtomicallyAndReadsBack() throws IOException {
        Popularity p = Popularity.of(Map.of("zlib-1.3", 3L, "bash-5.2", 7L, "glibc-2.37-8", 10L));
        Path f = dir.resolve("sub/out.json");
        p.write(f);
        assertEquals("{\n  \"bash-5.2\": 7,\n  \"glibc-2.37-8\": 10,\n  \"zlib-1.3\": 3\n}\n", Files.readString(f));
        assertEquals(p, Popularity.read(f));
        try (var files = Files.list(f.getParent())) {
            assertEquals(List.of(f), files.toList()); // no temporary file left behind
        }
        assertEquals("{}\n", Popularity.empty().toJson());
    }

    @Test
    void countingFollowsPopcount() {
        StorePath hello = StorePath.of("/nix/store/11111111111111111111111111111111-hello-2.12");
        StorePath bash = StorePath.of("/nix/store/22222222222222222222222222222222-bash-5.2");
        StorePath glibc = StorePath.of("/nix/store/33333333333333333333333333333333-glibc-2.37-8");
        StorePath glibc2 = StorePath.of("/nix/store/44444444444444444444444444444444-glibc-2.37-8");
        Popularity p = PopularityCount.count(Map.of(
                hello, List.of(hello, glibc, glibc2), // two paths of one name count once for hello
                bash, List.of(glibc, bash),
                glibc, List.of(glibc), // self-references do not count
                glibc2, List.of(glibc2)));
        assertEquals(Map.of("glibc-2.37-8", 2L), p.asMap());
    }
}
