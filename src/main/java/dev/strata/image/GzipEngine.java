package dev.strata.image;

import dev.strata.CacheDir;
import java.nio.file.Path;

/**
 * What makes the deflate bytes of gzip layers. The canonical engine is libdeflate at the pinned
 * release ({@link Libdeflate#PINNED_RELEASE}, level 6, 1 MiB gzip members): every host with that
 * library writes the same bytes, at about half of zlib's CPU. A host without it (or with another
 * release, whose bytes differ) falls back to the JDK's zlib (level 6, 1 MiB blocks with a 32 KiB
 * dictionary, one gzip member), says so once, and its layers have other digests. The engine's
 * {@link #id()} is part of the layer cache key, so a cache never serves one engine's layer for the
 * other's.
 */
public sealed interface GzipEngine permits GzipEngine.Zlib, GzipEngine.Pinned {
    /** The property that forces the zlib engine ({@code -Dstrata.gzip=zlib}), for comparisons. */
    String PROPERTY = "strata.gzip";
    /** The library file loaded. */
    String LIBRARY = "libdeflate.so.0";

    /** The name of the engine in layer cache keys. */
    String id();

    /** The JDK's zlib (java.util.zip.Deflater). */
    record Zlib() implements GzipEngine {
        @Override
        public String id() {
            return "zlib";
        }
    }

    /** The pinned libdeflate. */
    record Pinned(Libdeflate library) implements GzipEngine {
        @Override
        public String id() {
            return "libdeflate-" + Libdeflate.PINNED_RELEASE;
        }
    }

    /** The engine of this process: chosen once, on first use (the fallback note is printed then). */
    static GzipEngine current() {
        return Chosen.ENGINE;
    }

    /** The engine {@code property} (the value of {@link #PROPERTY}) and {@code library} give, and why not libdeflate. */
    static Choice choose(String property, String library) {
        return choose(property, library, null);
    }

    /** As above, remembering a passed known-answer check in {@code checks} (see {@link Libdeflate#load(String, Path)}). */
    static Choice choose(String property, String library, Path checks) {
        if ("zlib".equals(property)) {
            return new Choice(new Zlib(), null);
        }
        Libdeflate.Loaded loaded = Libdeflate.load(library, checks);
        if (loaded instanceof Libdeflate.Available a) {
            return new Choice(new Pinned(a.library()), null);
        }
        return new Choice(new Zlib(), ((Libdeflate.Unavailable) loaded).reason());
    }

    /** An engine and, when it is the fallback, the reason in one sentence. */
    record Choice(GzipEngine engine, String fallbackReason) { }

    /** Holds the process's engine (the holder idiom: loaded when first needed, once). */
    final class Chosen {
        static final GzipEngine ENGINE;

        static {
            Choice c = choose(System.getProperty(PROPERTY), LIBRARY, CacheDir.resolve().resolve("engine-checks"));
            if (c.fallbackReason() != null) {
                System.err.println("strata: note: " + c.fallbackReason() + "; gzip layers are compressed with the JDK's "
                        + "zlib instead (slower, and with other digests than on hosts with libdeflate "
                        + Libdeflate.PINNED_RELEASE + "; install Debian's libdeflate0)");
            }
            ENGINE = c.engine();
        }

        private Chosen() { }
    }
}
