package dev.strata.nix;

import dev.strata.AtomicFile;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;

/**
 * A {@link PackageIndex} on disk, as its arrays: a warm {@code strata search} maps the file and
 * copies them into the heap in bulk (about 40 MB for 120,000 packages, a few tens of milliseconds)
 * instead of parsing the 90 MB of JSON that {@code nix-env} printed (about 2 s in a fresh JVM).
 *
 * <pre>
 *   magic "strata-pkgidx-2\n" (16 bytes), then little-endian ints:
 *   count, F, K, text length, keys length,
 *   fields[count*F+1], keyAt[count*K+1], attrChars[count], flags[count] (bytes), text, keys,
 *   CRC-32C of everything before it (int)
 * </pre>
 *
 * A file that is short, fails its checksum or holds offsets out of order reads as empty (the caller
 * evaluates again); it is written through {@link AtomicFile}, so a reader never sees half of one.
 */
public final class PackageIndexFile {
    private static final byte[] MAGIC = "strata-pkgidx-2\n".getBytes(StandardCharsets.US_ASCII);
    private static final int HEADER = MAGIC.length + 5 * Integer.BYTES;

    private PackageIndexFile() {}

    public static void write(Path target, PackageIndex index) throws IOException {
        int n = index.count;
        long size = HEADER + 4L * (index.fields.length + index.keyAt.length + n) + n + index.text.length
                + index.keys.length + Integer.BYTES;
        if (size > Integer.MAX_VALUE) {
            throw new IOException("the package index is too large to keep (" + size + " bytes)");
        }
        ByteBuffer b = ByteBuffer.allocate((int) size).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).putInt(n).putInt(PackageIndex.F).putInt(PackageIndex.K).putInt(index.text.length)
                .putInt(index.keys.length);
        b.asIntBuffer().put(index.fields).put(index.keyAt).put(index.attrChars);
        b.position(b.position() + 4 * (index.fields.length + index.keyAt.length + n));
        b.put(index.flags).put(index.text).put(index.keys);
        CRC32C crc = new CRC32C();
        crc.update(b.array(), 0, b.position());
        b.putInt((int) crc.getValue());
        try (AtomicFile f = AtomicFile.file(target, AtomicFile.Durability.CACHE)) {
            OutputStream out = f.stream();
            out.write(b.array());
            f.commit();
        }
    }

    /** The name of a package index as Strata before index-v2 kept it: {@code <cache>/index/<sha-256 hex>.json}. */
    private static final Pattern FORMER_INDEX = Pattern.compile("[0-9a-f]{64}\\.json");

    /**
     * Removes from {@code dir} (the cache's {@code index} directory) the package indexes an earlier
     * Strata kept as JSON (key {@code index-v1}, the whole {@code nix-env} listing: 90 MB for a
     * nixpkgs-sized set), which nothing reads since index-v2. Only regular files named as those
     * were (64 lower-case hex digits, {@code .json}) go; anything else there stays. Called when a v2
     * index has been written, so a cache that is used sheds them. Never fails: a file that cannot
     * be removed stays until the next time.
     *
     * @return how many were removed
     */
    public static int removeFormerIndexes(Path dir) {
        int removed = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                if (FORMER_INDEX.matcher(f.getFileName().toString()).matches()
                        && Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
                    try {
                        Files.delete(f);
                        removed++;
                    } catch (IOException e) {
                        // stays until the next index is written
                    }
                }
            }
        } catch (IOException e) {
            // no directory, or unreadable: nothing to shed
        }
        return removed;
    }

    /** The index kept in {@code file}, or empty when there is none or it is damaged. */
    public static Optional<PackageIndex> read(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < HEADER + Integer.BYTES || size > Integer.MAX_VALUE) {
                return Optional.empty();
            }
            MappedByteBuffer m = ch.map(FileChannel.MapMode.READ_ONLY, 0, size);
            ByteBuffer b = m.order(ByteOrder.LITTLE_ENDIAN);
            byte[] magic = new byte[MAGIC.length];
            b.get(magic);
            if (!Arrays.equals(magic, MAGIC)) {
                return Optional.empty();
            }
            int n = b.getInt();
            int f = b.getInt();
            int k = b.getInt();
            int textLength = b.getInt();
            int keysLength = b.getInt();
            long expected = HEADER + 4L * ((long) n * f + 1 + (long) n * k + 1 + n) + n + (long) textLength
                    + keysLength + Integer.BYTES;
            if (n < 0 || f != PackageIndex.F || k != PackageIndex.K || textLength < 0 || keysLength < 0
                    || expected != size) {
                return Optional.empty();
            }
            CRC32C crc = new CRC32C();
            crc.update(b.duplicate().position(0).limit((int) size - Integer.BYTES));
            if ((int) crc.getValue() != b.getInt((int) size - Integer.BYTES)) {
                return Optional.empty();
            }
            int[] fields = new int[n * f + 1];
            int[] keyAt = new int[n * k + 1];
            int[] attrChars = new int[n];
            b.asIntBuffer().get(fields).get(keyAt).get(attrChars);
            b.position(b.position() + 4 * (fields.length + keyAt.length + n));
            byte[] flags = new byte[n];
            byte[] text = new byte[textLength];
            byte[] keys = new byte[keysLength];
            b.get(flags).get(text).get(keys);
            if (!ordered(fields, textLength) || !ordered(keyAt, keysLength)) {
                return Optional.empty();
            }
            return Optional.of(new PackageIndex(n, text, fields, flags, keys, keyAt, attrChars));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Offsets that never go back, start at 0 or more and end at the array's length. */
    private static boolean ordered(int[] offsets, int length) {
        int last = 0;
        for (int o : offsets) {
            if (o < last) {
                return false;
            }
            last = o;
        }
        return last == length;
    }
}
