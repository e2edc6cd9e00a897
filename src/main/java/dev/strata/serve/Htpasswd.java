package dev.strata.serve;

import at.favre.lib.crypto.bcrypt.BCrypt;
import at.favre.lib.crypto.bcrypt.LongPasswordStrategies;
import dev.strata.StrataException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Basic authentication from an htpasswd file with bcrypt entries ({@code htpasswd -B}), checked as
 * Apache checks them:
 * <ul>
 * <li>only the first 72 bytes of a password count (bcrypt's key is 72 bytes; a password of 80
 *     bytes hashed by {@code htpasswd -B} is accepted with its first 72 bytes plus anything);</li>
 * <li>user names and passwords are bytes: a non-UTF-8 password works if the hash was made of
 *     the same bytes;</li>
 * <li>an unknown user costs one bcrypt verification too, against a dummy hash of the file's most
 *     common cost, so the time of a refusal does not tell which users exist;</li>
 * <li>any Authorization header, however malformed, is a yes or a no, never an error.</li>
 * </ul>
 * Other hash kinds Apache knows (MD5 {@code $apr1$}, {@code {SHA}}, crypt, SHA-2 crypt, plain
 * text) are refused when the file is read: they are fast to attack and the project supports
 * bcrypt. bcrypt is slow by design, so a header that verified once is remembered (by its SHA-256)
 * and later requests with it cost a hash lookup.
 */
public final class Htpasswd {
    /** Apache's bcrypt uses the first 72 bytes of a password. */
    static final int BCRYPT_KEY_BYTES = 72;
    private static final Pattern BCRYPT = Pattern.compile("\\$2[aby]\\$(0[4-9]|[12][0-9]|3[01])\\$[./A-Za-z0-9]{53}");
    private static final int REMEMBERED = 1024;

    /** Checks a password against a bcrypt hash (a seam for tests that count verifications). */
    @FunctionalInterface
    interface Verifier {
        boolean verify(byte[] password, byte[] hash);
    }

    static final Verifier BCRYPT_VERIFIER = (password, hash) -> {
        try {
            return BCrypt.verifyer(BCrypt.Version.VERSION_2A, LongPasswordStrategies.truncate(BCrypt.Version.VERSION_2A))
                    .verify(password, hash).verified;
        } catch (RuntimeException e) { // a hash the library cannot read: no
            return false;
        }
    };

    private final Map<String, byte[]> hashes;
    private final byte[] dummy;
    private final Verifier verifier;
    private final Set<String> verified = ConcurrentHashMap.newKeySet();

    private Htpasswd(Map<String, byte[]> hashes, byte[] dummy, Verifier verifier) {
        this.hashes = hashes;
        this.dummy = dummy;
        this.verifier = verifier;
    }

    public static Htpasswd read(Path file) {
        return read(file, BCRYPT_VERIFIER);
    }

    static Htpasswd read(Path file, Verifier verifier) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new StrataException("cannot read the htpasswd file " + file + ": " + e.getMessage());
        }
        // Names are kept as ISO-8859-1 strings: one char per byte, so comparing them compares bytes.
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        Map<String, byte[]> hashes = new HashMap<>();
        Map<String, Integer> lineOf = new HashMap<>();
        Map<Integer, Integer> costs = new TreeMap<>();
        String[] lines = text.split("\n", -1);
        for (int n = 1; n <= lines.length; n++) {
            String line = lines[n - 1].endsWith("\r") ? lines[n - 1].substring(0, lines[n - 1].length() - 1) : lines[n - 1];
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String where = "line " + n + " of " + file;
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new StrataException(where + " is not USER:HASH; create entries with: htpasswd -B " + file + " USER");
            }
            String user = line.substring(0, colon);
            String hash = line.substring(colon + 1).split(":", 2)[0].strip(); // Apache ignores fields after the hash
            if (!BCRYPT.matcher(hash).matches()) {
                throw new StrataException(where + " (user '" + printable(user) + "') holds " + kind(hash)
                        + "; strata serve accepts bcrypt entries only: recreate it with htpasswd -B " + file + " "
                        + printable(user));
            }
            Integer first = lineOf.putIfAbsent(user, n);
            if (first != null) {
                throw new StrataException(where + " repeats user '" + printable(user) + "' of line " + first
                        + "; keep one entry per user");
            }
            hashes.put(user, hash.getBytes(StandardCharsets.US_ASCII));
            costs.merge(Integer.parseInt(hash.substring(4, 6)), 1, Integer::sum);
        }
        if (hashes.isEmpty()) {
            throw new StrataException("the htpasswd file " + file + " has no users; add one with: htpasswd -B " + file + " USER");
        }
        int commonCost = costs.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
        byte[] secret = new byte[16];
        new SecureRandom().nextBytes(secret);
        byte[] dummy = BCrypt.with(BCrypt.Version.VERSION_2Y).hash(commonCost, secret);
        return new Htpasswd(Map.copyOf(hashes), dummy, verifier);
    }

    /** What kind of hash an entry holds, for the error message (never the hash itself). */
    private static String kind(String hash) {
        if (hash.startsWith("$apr1$")) {
            return "an MD5 ($apr1$) hash";
        }
        if (hash.startsWith("{SHA}")) {
            return "a SHA-1 ({SHA}) hash";
        }
        if (hash.startsWith("$1$")) {
            return "an MD5-crypt ($1$) hash";
        }
        if (hash.startsWith("$5$") || hash.startsWith("$6$")) {
            return "a SHA-2 crypt (" + hash.substring(0, 3) + ") hash";
        }
        if (hash.startsWith("$2x$")) {
            return "a $2x$ bcrypt hash (the variant with the old 8-bit bug)";
        }
        if (hash.startsWith("$2")) {
            return "a malformed bcrypt hash";
        }
        if (hash.length() == 13 && hash.matches("[./A-Za-z0-9]{13}")) {
            return "a DES crypt hash";
        }
        return "no hash this server reads (a plain-text password?)";
    }

    private static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            b.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\x%02x", (int) c));
        }
        return b.toString();
    }

    /** True when the Authorization header carries a known user with the right password. */
    public boolean allows(String authorization) {
        if (authorization == null || authorization.length() < 6
                || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return false;
        }
        String key = sha256(authorization);
        if (verified.contains(key)) {
            return true;
        }
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(authorization.substring(6).strip());
        } catch (IllegalArgumentException e) {
            return false;
        }
        int colon = indexOf(decoded, (byte) ':');
        if (colon < 0) {
            return false;
        }
        byte[] hash = hashes.get(new String(decoded, 0, colon, StandardCharsets.ISO_8859_1));
        byte[] password = Arrays.copyOfRange(decoded, colon + 1, Math.min(decoded.length, colon + 1 + BCRYPT_KEY_BYTES));
        // An unknown user is checked against the dummy hash: the same work, the same time.
        boolean ok = verifier.verify(password, hash != null ? hash : dummy) && hash != null;
        if (ok) {
            if (verified.size() >= REMEMBERED) {
                verified.clear();
            }
            verified.add(key);
        }
        return ok;
    }

    /** The dummy hash unknown users are checked against (for tests: its cost matches the users'). */
    byte[] dummyHash() {
        return dummy.clone();
    }

    private static int indexOf(byte[] bytes, byte b) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private static String sha256(String s) {
        try {
            return Base64.getEncoder().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
