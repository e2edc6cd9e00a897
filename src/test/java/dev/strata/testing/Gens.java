package dev.strata.testing;

import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.strings;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Small generators the property tests share on top of QuickTheories: strings over a chosen
 * alphabet, picks, concatenation and maps, so each test states its input shapes in a line.
 */
public final class Gens {
    private Gens() {
    }

    /** Strings of {@code min..max} characters drawn from {@code alphabet}. */
    public static Gen<String> from(String alphabet, int min, int max) {
        int[] cps = alphabet.codePoints().toArray();
        return lists().of(integers().between(0, cps.length - 1)).ofSizeBetween(min, max)
                .map(ix -> ix.stream().map(i -> Character.toString(cps[i])).collect(Collectors.joining()));
    }

    /** Any string of up to {@code max} characters from the whole of Unicode's first plane. */
    public static Gen<String> any(int max) {
        return strings().basicMultilingualPlaneAlphabet().ofLengthBetween(0, max);
    }

    /**
     * Any text of up to {@code max} characters that a UTF-8 file can hold: the first plane, but no
     * lone surrogate (which has no UTF-8 form and would come back as '?').
     */
    public static Gen<String> text(int max) {
        return any(max).map(s -> s.replaceAll("[\\uD800-\\uDFFF]", "s"));
    }

    /** One of the given values. */
    @SafeVarargs
    public static <T> Gen<T> pick(T... values) {
        return Generate.pick(List.of(values));
    }

    /** One of the given generators, chosen evenly. */
    @SafeVarargs
    public static <T> Gen<T> oneOf(Gen<? extends T>... gens) {
        List<Gen<T>> all = new ArrayList<>();
        for (Gen<? extends T> g : gens) {
            all.add(g.map(t -> (T) t));
        }
        return integers().between(0, all.size() - 1).flatMap(all::get);
    }

    /** The generated strings one after another. */
    @SafeVarargs
    public static Gen<String> concat(Gen<String>... parts) {
        Gen<String> out = Generate.constant("");
        for (Gen<String> p : parts) {
            out = out.zip(p, String::concat);
        }
        return out;
    }

    /** Strings of {@code min..max} code points from {@code first} to {@code last} (0-255: what a header's bytes map to). */
    public static Gen<String> codePoints(int first, int last, int min, int max) {
        return strings().betweenCodePoints(first, last).ofLengthBetween(min, max);
    }

    /** Strings of code points 0-255: a header's bytes read one to one (ISO-8859-1). */
    public static Gen<String> latin1(int min, int max) {
        return codePoints(0, 0xff, min, max);
    }

    /** Byte arrays of {@code min..max} bytes of any value. */
    public static Gen<byte[]> bytes(int min, int max) {
        return Generate.byteArrays(integers().between(min, max), Generate.bytes(Byte.MIN_VALUE, Byte.MAX_VALUE, (byte) 0));
    }

    /** A list of {@code min..max} values. */
    public static <T> Gen<List<T>> listOf(Gen<T> gen, int min, int max) {
        return lists().of(gen).ofSizeBetween(min, max);
    }

    /** A map from up to {@code max} generated keys (duplicates collapse) to generated values. */
    public static <K, V> Gen<Map<K, V>> mapOf(Gen<K> keys, Gen<V> values, int max) {
        return lists().of(keys.zip(values, Map::entry)).ofSizeBetween(0, max).map(entries -> {
            Map<K, V> m = new LinkedHashMap<>();
            entries.forEach(e -> m.put(e.getKey(), e.getValue()));
            return m;
        });
    }
}
