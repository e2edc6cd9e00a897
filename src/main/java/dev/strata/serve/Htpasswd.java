package dev.strata.serve;

import at.favre.lib.crypto.bcrypt.BCrypt;
import dev.strata.StrataException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Basic authentication from an htpasswd file with bcrypt entries ({@code htpasswd -B}). bcrypt is
 * slow by design, so a header that verified once is remembered (by its SHA-256) and later requests
 * with it cost a hash lookup.
 */
public final class Htpasswd {
    private final Map<String, String> hashes;
    private final Set<String> verified = ConcurrentHashMap.newKeySet();

    private Htpasswd(Map<String, String> hashes) {
        this.hashes = hashes;
    }

    public static Htpasswd read(Path file) {
        Map<String, String> hashes = new HashMap<>();
        try {
            int n = 0;
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                n++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                int colon = line.indexOf(':');
                String hash = colon < 0 ? "" : line.substring(colon + 1).strip();
                if (colon <= 0 || !(hash.startsWith("$2y$") || hash.startsWith("$2a$") || hash.startsWith("$2b$"))) {
                    throw new StrataException("line " + n + " of " + file + " is not a bcrypt htpasswd entry; "
                            + "create entries with: htpasswd -B " + file + " USER");
                }
                hashes.put(line.substring(0, colon), hash);
            }
        } catch (IOException e) {
            throw new StrataException("cannot read the htpasswd file " + file + ": " + e.getMessage());
        }
        if (hashes.isEmpty()) {
            throw new StrataException("the htpasswd file " + file + " has no users; add one with: htpasswd -B " + file + " USER");
        }
        return new Htpasswd(Map.copyOf(hashes));
    }

    /** True when the Authorization header carries a known user with the right password. */
    public boolean allows(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return false;
        }
        String key = sha256(authorization);
        if (verified.contains(key)) {
            return true;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorization.substring(6).strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return false;
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return false;
        }
        String hash = hashes.get(decoded.substring(0, colon));
        if (hash == null) {
            return false;
        }
        boolean ok = BCrypt.verifyer().verify(decoded.substring(colon + 1).getBytes(StandardCharsets.UTF_8),
                hash.getBytes(StandardCharsets.UTF_8)).verified;
        if (ok) {
            verified.add(key);
        }
        return ok;
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
