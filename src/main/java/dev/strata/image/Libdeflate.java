package dev.strata.image;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import dev.strata.AtomicFile;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
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

        /** The same, on native buffers: JNA copies nothing (a byte[] is copied in and out on every call). */
        long libdeflate_deflate_compress(Pointer compressor, Pointer in, long inBytes, Pointer out, long outAvailable);

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
        return load(name, null);
    }

    /**
     * As {@link #load(String)}, remembering a passed check in {@code checks} (a directory; null:
     * check every time) under the library's identity: its file's real path, size, modification time
     * and inode, with the pinned output. The next start that loads the same file skips the check
     * (about 65 ms of CPU in a fresh JVM); a new or replaced library is a new identity, checked again.
     */
    static Loaded load(String name, Path checks) {
        if (Native.SIZE_T_SIZE != 8) {
            return new Unavailable("libdeflate is used on 64-bit hosts only");
        }
        Libdeflate d;
        try {
            d = new Libdeflate(Native.load(name, Native64.class));
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            return new Unavailable("libdeflate (" + name + ") cannot be loaded: " + firstLine(e.getMessage()));
        }
        Path note = checks == null ? null : note(checks, name);
        if (note != null && Files.isRegularFile(note)) {
            return new Available(d);
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
        if (note != null) {
            try {
                AtomicFile.write(note, "passed: deflate of the known input has SHA-256 " + sha + "\n",
                        AtomicFile.Durability.CACHE);
            } catch (IOException e) {
                // Not remembered: the next start checks again.
            }
        }
        return new Available(d);
    }

    /**
     * The file the process loaded for {@code name}: JNA's when it names one, else (dlopen found it by
     * name) the mapping in /proc/self/maps whose file name starts as the library's does ("libdeflate.so").
     */
    private static Path loadedFile(String name) throws IOException {
        File f = NativeLibrary.getInstance(name).getFile();
        if (f != null && f.isAbsolute() && f.isFile()) {
            return f.toPath().toRealPath();
        }
        String base = Path.of(name).getFileName().toString();
        int so = base.indexOf(".so");
        String prefix = so < 0 ? base : base.substring(0, so + 3);
        Path maps = Path.of("/proc/self/maps");
        if (!Files.isReadable(maps)) {
            return null;
        }
        Path found = null;
        for (String line : Files.readAllLines(maps)) {
            int slash = line.indexOf('/');
            if (slash < 0) {
                continue;
            }
            Path p = Path.of(line.substring(slash).strip());
            if (p.getFileName() != null && p.getFileName().toString().startsWith(prefix)) {
                if (found != null && !found.equals(p)) {
                    return null; // two candidates: not sure which one is in use
                }
                found = p;
            }
        }
        return found == null ? null : found.toRealPath();
    }

    /** Where a passed check of the library JNA loaded for {@code name} is remembered; null when its file is unknown. */
    private static Path note(Path checks, String name) {
        try {
            Path real = loadedFile(name);
            if (real == null) {
                return null;
            }
            BasicFileAttributes a = Files.readAttributes(real, BasicFileAttributes.class);
            String identity = String.join("|", "libdeflate", PINNED_RELEASE, PINNED_OUTPUT, Integer.toString(PINNED_LEVEL),
                    real.toString(), Long.toString(a.size()), Long.toString(a.lastModifiedTime().toMillis()),
                    String.valueOf(a.fileKey()));
            return checks.resolve("libdeflate-" + sha256(identity.getBytes(StandardCharsets.UTF_8)).substring(0, 32));
        } catch (IOException | RuntimeException | UnsatisfiedLinkError e) {
            return null;
        }
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

    /** A compressor with native input and output buffers of its own, reused block after block. */
    Compressor compressor(int level, int blockSize) {
        return new Compressor(level, blockSize);
    }

    /**
     * One libdeflate compressor and its two native buffers: a block is copied in once and its
     * deflate bytes out once, straight to where they go; nothing is allocated per block (passing
     * byte arrays, JNA allocates native memory for both and copies each both ways on every call).
     * Not thread-safe; {@link #close} it.
     */
    final class Compressor implements AutoCloseable {
        private final Pointer c;
        private Memory in;
        private Memory out;

        private Compressor(int level, int blockSize) {
            c = allocate(level);
            in = new Memory(Math.max(1, blockSize));
            out = new Memory(Libdeflate.this.bound(c, blockSize));
        }

        /** The most bytes {@code length} bytes can deflate to. */
        int bound(int length) {
            return Libdeflate.this.bound(c, length);
        }

        /** Deflates {@code data[0, length)} into {@code dest} at {@code at} (raw deflate); the byte count. */
        int compress(byte[] data, int length, byte[] dest, int at) {
            if (length > in.size()) {
                in.close();
                in = new Memory(length);
                out.close();
                out = new Memory(bound(length));
            }
            in.write(0, data, 0, length);
            long n = lib.libdeflate_deflate_compress(c, in, length, out, out.size());
            if (n <= 0 || n > dest.length - at) {
                throw new IllegalStateException("libdeflate's output did not fit " + (dest.length - at) + " bytes");
            }
            out.read(0, dest, at, (int) n);
            return (int) n;
        }

        @Override
        public void close() {
            free(c);
            in.close();
            out.close();
        }
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
