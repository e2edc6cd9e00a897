package dev.strata.nix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.source.GitRefResolver;
import dev.strata.source.PackageSource;
import dev.strata.source.ResolvedSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code <nixpkgs>} that resolves into the Nix store (as a channel does) is keyed by that store path:
 * its package index is evaluated once and read from the cache by later processes; another store path
 * is evaluated again; a {@code <nixpkgs>} outside the store has no key and is evaluated every time.
 */
class NixpkgsIndexKeyTest {
    @TempDir
    Path tmp;

    /** Nix with NIX_PATH=nixpkgs=TARGET for its children, counting the package listings it runs. */
    static Nix nixWith(Path cache, String target, AtomicInteger listings) {
        NixRunner runner = new NixRunner(argv -> {
            if (argv.get(0).equals("nix-env") && argv.contains("-qaP")) {
                listings.incrementAndGet();
            }
            ProcessBuilder pb = new ProcessBuilder(argv);
            pb.environment().put("NIX_PATH", "nixpkgs=" + target);
            return pb;
        });
        return new Nix(runner, NixFiles.locate(cache), cache, Nix.Options.defaults(), new GitRefResolver());
    }

    static String addToStore(Path dir) {
        return TestNix.run(null, "nix-store", "--add", dir.toString()).strip();
    }

    @Test
    void aStorePathNixpkgsIsEvaluatedOnceAcrossProcesses() throws IOException {
        Path cache = tmp.resolve("cache");
        String set = addToStore(TestNix.resourceSet("nixsets/othersets"));
        AtomicInteger listings = new AtomicInteger();

        ResolvedSource first = nixWith(cache, set, listings).resolve(new PackageSource.Nixpkgs());
        assertEquals(Optional.of("nixpkgs-store:" + set), first.cacheKey());
        assertEquals("hello", nixWith(cache, set, listings).index(first, NixProgress.Listener.NONE)
                .search("hello", 1).get(0).attrPath());
        assertEquals(1, listings.get());

        // A new Nix (as a new process would have) reads the index from the cache.
        Nix again = nixWith(cache, set, listings);
        assertEquals("hello", again.index(again.resolve(new PackageSource.Nixpkgs()), NixProgress.Listener.NONE)
                .search("hello", 1).get(0).attrPath());
        assertEquals(1, listings.get(), "the unchanged <nixpkgs> was not evaluated again");

        // A channel update is another store path: evaluated again.
        Path copy = tmp.resolve("othersets-v2");
        TestNix.run(null, "cp", "-r", TestNix.resourceSet("nixsets/othersets").toString(), copy.toString());
        Files.writeString(copy.resolve("default.nix"), Files.readString(copy.resolve("default.nix")) + "\n# v2\n");
        String updated = addToStore(copy);
        Nix next = nixWith(cache, updated, listings);
        ResolvedSource second = next.resolve(new PackageSource.Nixpkgs());
        assertEquals(Optional.of("nixpkgs-store:" + updated), second.cacheKey());
        next.index(second, NixProgress.Listener.NONE);
        assertEquals(2, listings.get());
    }

    @Test
    void aNixpkgsOutsideTheStoreHasNoKeyAndIsEvaluatedEachTime() {
        Path cache = tmp.resolve("cache");
        String dir = TestNix.resourceSet("nixsets/othersets").toString();
        AtomicInteger listings = new AtomicInteger();
        for (int i = 0; i < 2; i++) {
            Nix nix = nixWith(cache, dir, listings);
            ResolvedSource s = nix.resolve(new PackageSource.Nixpkgs());
            assertFalse(s.cacheable(), s.toString());
            nix.index(s, NixProgress.Listener.NONE);
        }
        assertEquals(2, listings.get());
    }

    @Test
    void storeKeyIsTheRealPathBelowTheStore() {
        assertEquals(Optional.empty(), Nix.storeKey("/nonexistent/nixpkgs"));
        assertEquals(Optional.empty(), Nix.storeKey(tmp.toString()));
        assertEquals(Optional.empty(), Nix.storeKey(Nix.STORE_DIR));
        List<String> paths = List.of(addToStore(TestNix.resourceSet("nixsets/othersets")));
        assertTrue(Nix.storeKey(paths.get(0)).orElseThrow().endsWith(paths.get(0)));
    }
}
