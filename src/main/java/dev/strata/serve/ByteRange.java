package dev.strata.serve;

import java.util.Locale;

/**
 * What a {@code Range} header asks of a blob of {@code size} bytes, by RFC 9110 section 14:
 * <ul>
 * <li>no header, another unit than {@code bytes}, an {@code If-Range} that is not the blob's
 *     ETag, or a zero-length blob: the whole blob (200);</li>
 * <li>one satisfiable range: that part (206). {@code first-} runs to the end, {@code first-last}
 *     is cut at the end, {@code -n} is the last n bytes (all of them when n exceeds the size);</li>
 * <li>several ranges of which one is satisfiable: the whole blob (a server may ignore Range, and
 *     multipart answers are not worth their code for registry clients, which ask for one);</li>
 * <li>{@code bytes=} with no satisfiable range ({@code first} at or past the end, {@code -0}) or
 *     that does not parse ({@code 5-2}, {@code x-y}): 416 with {@code Content-Range: bytes *}/size.</li>
 * </ul>
 * Numbers of any length are read without overflow (a position past {@code Long.MAX_VALUE} is
 * simply past the end).
 */
sealed interface ByteRange {
    /** Send the whole blob. */
    record Whole() implements ByteRange {}

    /** Send bytes {@code first..last}, both inclusive. */
    record Part(long first, long last) implements ByteRange {
        long length() {
            return last - first + 1;
        }
    }

    /** Answer 416. */
    record Unsatisfiable() implements ByteRange {}

    /**
     * @param range   the Range header, or null
     * @param ifRange the If-Range header, or null
     * @param etag    the blob's strong ETag, quoted
     */
    static ByteRange of(String range, String ifRange, String etag, long size) {
        if (range == null || size <= 0 || ifRange != null && !ifRange.strip().equals(etag)) {
            return new Whole();
        }
        int eq = range.indexOf('=');
        if (eq < 0 || !range.substring(0, eq).strip().toLowerCase(Locale.ROOT).equals("bytes")) {
            return new Whole(); // a unit we do not know is ignored (RFC 9110 14.2)
        }
        ByteRange found = null;
        int specs = 0;
        for (String spec : range.substring(eq + 1).split(",", -1)) {
            String s = spec.strip();
            if (s.isEmpty()) {
                continue; // empty list elements are allowed
            }
            specs++;
            ByteRange r = one(s, size);
            if (r == null) {
                return new Unsatisfiable(); // an invalid range-spec makes the whole header invalid
            }
            if (r instanceof Part && found == null) {
                found = r;
            }
        }
        if (found == null) {
            return new Unsatisfiable();
        }
        return specs == 1 ? found : new Whole();
    }

    /** One range-spec: a Part, Unsatisfiable when valid but past the end, null when invalid. */
    private static ByteRange one(String spec, long size) {
        int dash = spec.indexOf('-');
        if (dash < 0 || spec.indexOf('-', dash + 1) >= 0) {
            return null;
        }
        String a = spec.substring(0, dash);
        String b = spec.substring(dash + 1);
        if (a.isEmpty()) { // suffix: the last n bytes
            long n = number(b);
            if (n < 0) {
                return null;
            }
            return n == 0 ? new Unsatisfiable() : new Part(size - Math.min(n, size), size - 1);
        }
        long first = number(a);
        long last = b.isEmpty() ? Long.MAX_VALUE : number(b);
        if (first < 0 || last < 0 || last < first) {
            return null;
        }
        return first >= size ? new Unsatisfiable() : new Part(first, Math.min(last, size - 1));
    }

    /** Decimal digits as a long, saturating at Long.MAX_VALUE; -1 when not all digits or empty. */
    private static long number(String digits) {
        if (digits.isEmpty()) {
            return -1;
        }
        long v = 0;
        for (int i = 0; i < digits.length(); i++) {
            char c = digits.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v > (Long.MAX_VALUE - (c - '0')) / 10 ? Long.MAX_VALUE : v * 10 + (c - '0');
        }
        return v;
    }
}
