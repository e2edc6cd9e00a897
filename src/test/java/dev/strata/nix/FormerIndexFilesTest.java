package dev.strata.nix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.source.PackageSource;
import dev.strata.source.ResolvedSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Package indexes an earlier Strata kept as JSON ({@code <cache>/index/<64 hex>.json}, before
 * index-v2) are removed when a v2 index is written, and nothing else in that directory is: other
 * names, directories and symbolic links (with their targets) stay.
 */
class FormerIndexFilesTest {
    private static final String HEX = "0123456789abcdef".repeat(4);

    @TempDir
    Path tmp;

    @Test
    void writingAnIndexRemovesTheFormerJsonIndexesOnly() throws IOException {
        Path cache = tmp.resolve("cache");
        Path index = Files.createDirectories(cache.resolve("index"));
        Path former = Files.writeString(index.resolve(HEX + ".json"), "{\"hello\": {\"name\": \"hello-1\"}}");
        Path former2 = Files.writeString(index.resolve("f".repeat(64) + ".json"), "{}");
        Path target = Files.writeString(tmp.resolve("elsewhere.json"), "not Strata's");
        Path kept = List.of(
                Files.writeString(index.resolve("notes.json"), "someone else's"),
                Files.writeString(index.resolve(HEX.toUpperCase() + ".json"), "not a name Strata wrote"),
                Files.writeString(index.resolve(HEX.substring(1) + ".json"), "63 digits"),
                Files.writeString(index.resolve(HEX + ".json.bak"), "another suffix"),
                Files.createDirectory(index.resolve("e".repeat(64) + ".json")),
                Files.createSymbolicLink(index.resolve("d".repeat(64) + ".json"), target)).get(0);

        String set = NixpkgsIndexKeyTest.addToStore(TestNix.resourceSet("nixsets/othersets"));
        Nix nix = NixpkgsIndexKeyTest.nixWith(cache, set, new AtomicInteger());
        ResolvedSource source = nix.resolve(new PackageSource.Nixpkgs());
        assertEquals("hello", nix.index(source, NixProgress.Listener.NONE).search("hello", 1).get(0).attrPath());

        assertFalse(Files.exists(former), "the former index was removed");
        assertFalse(Files.exists(former2));
        try (Stream<Path> left = Files.list(index)) {
            List<String> names = left.map(p -> p.getFileName().toString()).sorted().toList();
            assertEquals(7, names.size(), names.toString()); // the six others and the new .idx
            assertEquals(1, names.stream().filter(n -> n.endsWith(".idx")).count(), names.toString());
        }
        assertTrue(Files.exists(kept));
        assertTrue(Files.isDirectory(index.resolve("e".repeat(64) + ".json")));
        assertTrue(Files.isSymbolicLink(index.resolve("d".repeat(64) + ".json")));
        assertEquals("not Strata's", Files.readString(target), "a link's target is left alone");
        assertTrue(Files.exists(index.resolve(HEX.toUpperCase() + ".json"), LinkOption.NOFOLLOW_LINKS));

        // Nothing left to remove: a second sweep removes nothing.
        assertEquals(0, PackageIndexFile.removeFormerIndexes(index));
        assertEquals(0, PackageIndexFile.removeFormerIndexes(tmp.resolve("no-such-dir")));
    }
}
