package dev.strata.nix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The compact index ranks exactly as the straightforward search it replaced ({@link PackageIndexOracle}),
 * for any package set and query, also while a query is typed letter by letter (when it narrows the
 * previous matches instead of reading every package), and after a trip through its file.
 */
class CompactIndexPropertiesTest {
    /** Few letters, so that words match often and in every field; a dot for nested sets; some non-ASCII. */
    static final String LETTERS = "abcAB.-é\u0130\u00df\u4e2d";

    @TempDir
    Path tmp;

    static String word(Random r, int max) {
        StringBuilder b = new StringBuilder();
        for (int i = 1 + r.nextInt(max); i > 0; i--) {
            b.append(LETTERS.charAt(r.nextInt(LETTERS.length())));
        }
        return b.toString();
    }

    static List<PackageInfo> packages(Random r) {
        Map<String, PackageInfo> byAttr = new TreeMap<>();
        for (int i = r.nextInt(40); i > 0; i--) {
            String attr = word(r, 6) + (r.nextInt(3) == 0 ? "." + word(r, 4) : "");
            String pname = r.nextInt(4) == 0 ? "" : word(r, 5);
            String desc = r.nextInt(4) == 0 ? "" : word(r, 4) + " " + word(r, 6) + " " + word(r, 3);
            byAttr.put(attr, new PackageInfo(attr, word(r, 5) + "-1.0", pname, r.nextBoolean() ? "1.0" : "", desc,
                    r.nextBoolean() ? "MIT" : "", "https://" + word(r, 3), "", r.nextInt(5) == 0, r.nextInt(5) == 0));
        }
        return new ArrayList<>(byAttr.values());
    }

    static String query(Random r) {
        return switch (r.nextInt(4)) {
            case 0 -> word(r, 2);
            case 1 -> word(r, 3) + " " + word(r, 2);
            case 2 -> " " + word(r, 1).toUpperCase() + " ";
            default -> word(r, 4);
        };
    }

    static List<String> attrs(List<PackageInfo> l) {
        return l.stream().map(PackageInfo::attrPath).toList();
    }

    @Test
    void ranksAsTheStraightforwardSearchForAnySetAndQuery() {
        qt().withExamples(1500).forAll(longs().all()).checkAssert(seed -> {
            Random r = new Random(seed);
            List<PackageInfo> set = packages(r);
            PackageIndex index = new PackageIndex(set);
            PackageIndexOracle oracle = new PackageIndexOracle(set);
            for (int k = 0; k < 5; k++) {
                String q = query(r);
                int limit = 1 + r.nextInt(12);
                assertEquals(oracle.search(q, limit), index.search(q, limit), "query '" + q + "' limit " + limit);
            }
        });
    }

    @Test
    void typingLetterByLetterGivesWhatAFreshSearchGives() {
        qt().withExamples(800).forAll(longs().all()).checkAssert(seed -> {
            Random r = new Random(seed);
            List<PackageInfo> set = packages(r);
            PackageIndex index = new PackageIndex(set);
            PackageIndexOracle oracle = new PackageIndexOracle(set);
            String typed = query(r) + (r.nextBoolean() ? " " + word(r, 3) : "");
            for (int end = 0; end <= typed.length(); end++) {
                String q = typed.substring(0, end);
                assertEquals(attrs(oracle.search(q, 50)), attrs(index.search(q, 50)), "typed '" + q + "'");
            }
            for (int end = typed.length(); end >= 0; end--) { // and deleting again
                String q = typed.substring(0, end);
                assertEquals(attrs(oracle.search(q, 50)), attrs(index.search(q, 50)), "deleted to '" + q + "'");
            }
        });
    }

    @Test
    void aFileKeepsEveryPackageAndTheRanking() throws IOException {
        Random r = new Random(14);
        List<PackageInfo> set = packages(r);
        while (set.size() < 20) {
            set = packages(r);
        }
        PackageIndex index = new PackageIndex(set);
        Path file = tmp.resolve("set.idx");
        PackageIndexFile.write(file, index);
        PackageIndex read = PackageIndexFile.read(file).orElseThrow();
        assertEquals(index.all(), read.all());
        assertEquals(new PackageIndexOracle(set).all(), read.all());
        for (String q : List.of("a", "b.", "é", "ab c", "ss")) {
            assertEquals(index.search(q, 10), read.search(q, 10), q);
        }
        assertEquals(set.get(3), read.get(set.get(3).attrPath()).orElseThrow());
        assertTrue(read.get("not-there").isEmpty());
    }

    @Test
    void aDamagedOrShortFileReadsAsNone() throws IOException {
        PackageIndex index = new PackageIndex(packages(new Random(7)));
        Path file = tmp.resolve("set.idx");
        PackageIndexFile.write(file, index);
        long size = Files.size(file);
        for (long at : new long[] {0, 20, size / 2, size - 1}) {
            Path copy = tmp.resolve("damaged-" + at + ".idx");
            Files.copy(file, copy);
            try (FileChannel ch = FileChannel.open(copy, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                ByteBuffer b = ByteBuffer.allocate(1);
                ch.read(b, at);
                b.flip();
                byte x = b.get();
                ch.write(ByteBuffer.wrap(new byte[] {(byte) (x ^ 0x5a)}), at);
            }
            assertTrue(PackageIndexFile.read(copy).isEmpty(), "one byte changed at " + at);
        }
        Path cut = tmp.resolve("cut.idx");
        Files.write(cut, java.util.Arrays.copyOf(Files.readAllBytes(file), (int) size - 5));
        assertTrue(PackageIndexFile.read(cut).isEmpty());
        assertTrue(PackageIndexFile.read(tmp.resolve("missing.idx")).isEmpty());
    }
}
