package dev.strata.closure;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.Objects;
import java.util.Optional;

/**
 * One Nix store path such as {@code /nix/store/<32-char hash>-hello-2.12}. Ordered by its full
 * path, which is how every tie in Strata is broken.
 */
public record StorePath(String path) implements Comparable<StorePath> {
    private static final int HASH_LENGTH = 32;

    public StorePath {
        Objects.requireNonNull(path, "path");
        int slash = path.lastIndexOf('/');
        String base = path.substring(slash + 1);
        if (slash <= 0 || base.length() < HASH_LENGTH + 2 || base.charAt(HASH_LENGTH) != '-'
                || !isNixBase32(base.substring(0, HASH_LENGTH))) {
            throw new IllegalArgumentException("not a Nix store path: '" + path
                    + "' (expected /nix/store/<32-character hash>-<name>)");
        }
    }

    public static StorePath of(String path) {
        return new StorePath(path);
    }

    /**
     * The store path a layer tar entry belongs to, if any: the entry is {@code nix/store/HASH-NAME}
     * or below it, once its name is read as a runtime extracts it ({@code ./}, {@code /}, empty
     * and {@code .} parts dropped, {@code ..} taking back one part and never climbing above the
     * root). Names under {@code /nix/store} that are no store path (a whiteout, a lock, a dot
     * file) belong to none. The one place that decides this, for inspect, sbom and {@code --previous}.
     */
    public static Optional<StorePath> ofLayerEntry(String entryName) {
        ArrayDeque<String> parts = new ArrayDeque<>();
        for (String p : entryName.split("/")) {
            if (p.isEmpty() || p.equals(".")) {
                continue;
            }
            if (p.equals("..")) {
                parts.pollLast();
                continue;
            }
            parts.addLast(p);
        }
        Iterator<String> it = parts.iterator();
        if (parts.size() < 3 || !it.next().equals("nix") || !it.next().equals("store")) {
            return Optional.empty();
        }
        String base = it.next();
        if (base.startsWith(".")) {
            return Optional.empty();
        }
        try {
            return Optional.of(new StorePath("/nix/store/" + base));
        } catch (IllegalArgumentException notAStorePath) {
            return Optional.empty();
        }
    }

    /** The directory holding the path, normally {@code /nix/store}. */
    public String storeDir() {
        return path.substring(0, path.lastIndexOf('/'));
    }

    /** {@code <hash>-<name>}, the last path component. */
    public String baseName() {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    public String hash() {
        return baseName().substring(0, HASH_LENGTH);
    }

    /** The name without the hash, e.g. {@code hello-2.12}: the key of Nixery's popularity data. */
    public String name() {
        return baseName().substring(HASH_LENGTH + 1);
    }

    @Override
    public int compareTo(StorePath other) {
        return path.compareTo(other.path);
    }

    @Override
    public String toString() {
        return path;
    }

    private static boolean isNixBase32(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            // Nix's base32 alphabet omits e, o, u and t.
            boolean ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z' && c != 'e' && c != 'o' && c != 'u' && c != 't');
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
