package dev.strata.image;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * The system's libdeflate (Debian's libdeflate0) through JNA: whole-buffer deflate that takes about
 * half of zlib's CPU at the same level (with Strata's 1 MiB blocks) and is slightly smaller. It is
 * used only when it is the release whose bytes Strata pins: libdeflate's output changes between
 * releases (and distributions ship different ones), and a layer's digest must not, so {@link #load}
 * compresses a fixed input and accepts the library only when the result has the pinned SHA-256 and
 * inflates back to the input with the JDK's own inflater.
 */
final class Libdeflate {
    /** The release whose output is pinned; the name in {@link GzipEngine#id()}. */
    static final String PINNED_RELEASE = "1.14";
    /** SHA-256 of {@link #knownInput()} deflated (raw) at {@link #PINNED_LEVEL} by libdeflate 1.14. */
    static final String PINNED_OUTPUT = "511d668aabe3329993ed6b321c3007fcf026ee581e7bbaa80d56bd96d1f0d425";
    static final int PINNED_LEVEL = 6;

    /** The C functions used (libdeflate.h); {@code size_t} as {@code long}: only 64-bit hosts load it. */
    interface Native64 extends Library {
        Pointer libdeflate_alloc_compressor(int compressionLevel);

        long libdeflate_deflate_compress(Pointer compressor, byte[] in, long inBytes, byte[] out, long outAvailable);

        long libdeflate_deflate_compress_bound(Pointer compressor, long inBytes);

        void libdeflate_free_compressor(Pointer compressor);
    }

    /** Whether the pinned libdeflate could be loaded, and why not. */
    sealed interface Loaded permits Available, Unavailable { }

    /** The pinned libdeflate, ready. */
    record Available(Libdeflate library) implements Loaded { }

    /** Not loaded; {@code reason} is one sentence for people. */
    record Unavailable(String reason) implements Loaded { }

    private final Native64 lib;

    private Libdeflate(Native64 lib) {
        this.lib = lib;
    }

    /** Loads {@code name} (e.g. {@code libdeflate.so.0}) and checks that it makes the pinned bytes. */
    static Loaded load(String name) {
        if (Native.SIZE_T_SIZE != 8) {
            return new Unavailable("libdeflate is used on 64-bit hosts only");
        }
        Libdeflate d;
        try {
            d = new Libdeflate(Native.load(name, Native64.class));
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            return new Unavailable("libdeflate (" + name + ") cannot be loaded: " + firstLine(e.getMessage()));
        }
        byte[] in = knownInput();
        byte[] out;
        try {
            Pointer c = d.allocate(PINNED_LEVEL);
            try {
                out = new byte[d.bound(c, in.length)];
                out = Arrays.copyOf(out, d.compress(c, in, in.length, out));
            } finally {
                d.free(c);
            }
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            return new Unavailable("libdeflate (" + name + ") does not work: " + firstLine(e.getMessage()));
        }
        if (!Arrays.equals(inflate(out, in.length), in)) {
            return new Unavailable("libdeflate (" + name + ") writes data that does not inflate back to its input");
        }
        String sha = sha256(out);
        if (!sha.equals(PINNED_OUTPUT)) {
            return new Unavailable("libdeflate (" + name + ") is not release " + PINNED_RELEASE
                    + ": its output differs from the pinned one (SHA-256 " + sha + ")");
        }
        return new Available(d);
    }

    /** A compressor at {@code level}; not thread-safe, {@link #free} it. */
    Pointer allocate(int level) {
        Pointer c = lib.libdeflate_alloc_compressor(level);
        if (c == null) {
            throw new OutOfMemoryError("libdeflate could not allocate a compressor at level " + level);
        }
        return c;
    }

    /** The most bytes {@code inBytes} can deflate to. */
    int bound(Pointer compressor, int inBytes) {
        return Math.toIntExact(lib.libdeflate_deflate_compress_bound(compressor, inBytes));
    }

    /** Deflates {@code in[0, length)} into {@code out} (raw deflate, final block included); the byte count. */
    int compress(Pointer compressor, byte[] in, int length, byte[] out) {
        long n = lib.libdeflate_deflate_compress(compressor, in, length, out, out.length);
        if (n <= 0) {
            throw new IllegalStateException("libdeflate's output did not fit " + out.length + " bytes");
        }
        return (int) n;
    }

    void free(Pointer compressor) {
        lib.libdeflate_free_compressor(compressor);
    }

    /**
     * 256 KiB that deflate's choices show in: words and repeats at varied distances, some noise.
     * A pure function of nothing, so every host compresses the same bytes.
     */
    static byte[] knownInput() {
        String[] words = {"store ", "nix ", "layer ", "/lib/", "libc.so.6", "\n", "  ", "0000", "ELF", "strata ",
            "deflate ", "{\"a\":1}", "\t", "usr/share/", "locale", "x86_64-linux-gnu/", "python3.11/", "gcc "};
        byte[] b = new byte[256 * 1024];
        long x = 0x9E3779B97F4A7C15L;
        int i = 0;
        while (i < b.length) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
            int r = (int) (x >>> 40);
            if ((r & 15) == 0) {
                b[i++] = (byte) r;
            } else if ((r & 15) == 1 && i > 4096) {
                int from = i - 1 - ((r >>> 4) & 4095);
                int len = Math.min(b.length - i, 3 + ((r >>> 16) & 63));
                for (int k = 0; k < len; k++) {
                    b[i + k] = b[from + k];
                }
                i += len;
            } else {
                byte[] w = words[(r >>> 4) % words.length].getBytes(java.nio.charset.StandardCharsets.US_ASCII);
                int len = Math.min(w.length, b.length - i);
                System.arraycopy(w, 0, b, i, len);
                i += len;
            }
        }
        return b;
    }

    private static byte[] inflate(byte[] raw, int expected) {
        Inflater inf = new Inflater(true);
        try {
            inf.setInput(raw);
            byte[] out = new byte[expected + 1];
            int n = 0;
            while (!inf.finished() && n < out.length) {
                int k = inf.inflate(out, n, out.length - n);
                if (k == 0 && (inf.needsInput() || inf.needsDictionary())) {
                    break;
                }
                n += k;
            }
            return inf.finished() && inf.getRemaining() == 0 ? Arrays.copyOf(out, n) : null;
        } catch (DataFormatException e) {
            return null;
        } finally {
            inf.end();
        }
    }

    static String sha256(byte[] b) {
        MessageDigest md = Digest.sha256();
        return HexFormat.of().formatHex(md.digest(b));
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "no reason given";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
