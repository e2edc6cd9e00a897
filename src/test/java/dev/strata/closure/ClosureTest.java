package dev.strata.closure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ClosureTest {
    static StorePath sp(String name) {
        // A valid-looking hash derived from the name, so tests read by name.
        String alphabet = "0123456789abcdfghijklmnpqrsvwxyz";
        StringBuilder h = new StringBuilder();
        int seed = name.hashCode();
        Random r = new Random(seed);
        for (int i = 0; i < 32; i++) {
            h.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return StorePath.of("/nix/store/" + h + "-" + name);
    }

    static PathInfo info(String name, long size, String... refs) {
        List<StorePath> r = new ArrayList<>();
        r.add(sp(name)); // Nix lists self-references; the closure must ignore them
        for (String ref : refs) {
            r.add(sp(ref));
        }
        return new PathInfo(sp(name), size, r);
    }

    /**
     * app -> {libx, liby}; libx -> libc; liby -> libc, data; tool -> libc. Roots: app, tool.
     */
    static Closure sample() {
        return Closure.of(List.of(
                info("app-1", 100, "libx-1", "liby-1"),
                info("libx-1", 20, "libc-1"),
                info("liby-1", 30, "libc-1", "data-1"),
                info("libc-1", 1000),
                info("data-1", 5),
                info("tool-1", 7, "libc-1")));
    }

    @Test
    void rootsDefaultToPathsNothingReferences() {
        assertEquals(List.of(sp("app-1"), sp("tool-1")).stream().sorted().toList(), sample().roots());
    }

    @Test
    void sizesFollowTheirDefinitions() {
        Closure c = sample();
        assertEquals(1162, c.totalNarSize());
        assertEquals(100 + 20 + 30 + 1000 + 5, c.closureSize(sp("app-1")));
        assertEquals(1007, c.closureSize(sp("tool-1")));
        // libc is reachable from tool too, so removing app would not remove it.
        assertEquals(100 + 20 + 30 + 5, c.addedSize(sp("app-1")));
        assertEquals(35, c.addedSize(sp("liby-1")));
        assertEquals(1000, c.addedSize(sp("libc-1")));
        assertEquals(7, c.addedSize(sp("tool-1")));
    }

    @Test
    void selfReferencesAreDropped() {
        Closure c = sample();
        assertEquals(List.of(), c.references(sp("libc-1")));
        assertEquals(List.of(sp("libx-1"), sp("liby-1")).stream().sorted().toList(), c.references(sp("app-1")));
    }

    @Test
    void topologicalOrderPutsDependenciesFirst() {
        Closure c = sample();
        List<StorePath> order = c.topologicalOrder();
        for (StorePath p : order) {
            for (StorePath ref : c.references(p)) {
                assertTrue(order.indexOf(ref) < order.indexOf(p), ref + " must come before " + p);
            }
        }
    }

    @Test
    void whyDependsGivesAShortestChainFromARoot() {
        Closure c = sample();
        assertEquals(List.of(sp("app-1"), sp("liby-1"), sp("data-1")), c.whyDepends(sp("data-1")));
        assertEquals(List.of(sp("app-1")), c.whyDepends(sp("app-1")));
    }

    @Test
    void inputOrderDoesNotMatter() {
        List<PathInfo> infos = new ArrayList<>(sample().pathInfos());
        Collections.shuffle(infos, new Random(7));
        Closure shuffled = Closure.of(infos);
        Closure c = sample();
        assertEquals(c.paths(), shuffled.paths());
        assertEquals(c.topologicalOrder(), shuffled.topologicalOrder());
        for (StorePath p : c.paths()) {
            assertEquals(c.addedSize(p), shuffled.addedSize(p));
        }
    }

    @Test
    void incompleteClosureIsRefusedNamingTheMissingPath() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> Closure.of(List.of(info("app-1", 1, "gone-1"))));
        assertTrue(e.getMessage().contains("gone-1"), e.getMessage());
    }

    @Test
    void explicitRootsMustReachEveryPath() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> Closure.of(sample().pathInfos(), List.of(sp("app-1"))));
        assertTrue(e.getMessage().contains("tool-1"), e.getMessage());
    }

    @Test
    void restrictToKeepsOnlyWhatIsReachable() {
        Closure tool = sample().restrictTo(List.of(sp("tool-1")));
        assertEquals(List.of(sp("libc-1"), sp("tool-1")).stream().sorted().toList(), tool.paths());
    }

    @Test
    void storePathRejectsWhatIsNotOne() {
        assertThrows(IllegalArgumentException.class, () -> StorePath.of("/usr/bin/hello"));
        assertThrows(IllegalArgumentException.class, () -> StorePath.of("/nix/store/short-hello"));
        StorePath p = StorePath.of("/nix/store/ibsrwda8sbch2k6rzalh1c71pq3hsxkm-glibc-2.37-8");
        assertEquals("glibc-2.37-8", p.name());
        assertEquals("ibsrwda8sbch2k6rzalh1c71pq3hsxkm", p.hash());
        assertEquals("/nix/store", p.storeDir());
    }
}
