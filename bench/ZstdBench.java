import dev.strata.image.Compression;
import dev.strata.image.LayerCompressor;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * One zstd compression of a tar file as a layer is compressed (LayerCompressor: level 3, content
 * checksum, zstd's own worker threads), in a fresh JVM: bench/zstd.sh times it against
 * {@code zstd -3 -T2 | sha256sum}. Arguments: the tar, the number of zstd workers, and {@code diffid}
 * to also hash the uncompressed bytes as a build does for the layer's diffID. Reads 256 KiB at a time,
 * as LayerTar writes. Prints the compressed size and its SHA-256.
 */
public final class ZstdBench {
    public static void main(String[] args) throws Exception {
        int workers = Integer.parseInt(args[1]);
        boolean diffId = args.length > 2 && args[2].equals("diffid");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        MessageDigest uncompressed = MessageDigest.getInstance("SHA-256");
        long[] size = new long[1];
        OutputStream sink = new OutputStream() {
            @Override public void write(int b) { size[0]++; }
            @Override public void write(byte[] b, int off, int len) { size[0] += len; }
        };
        LayerCompressor c = new LayerCompressor(pool, 2);
        byte[] buf = new byte[256 * 1024];
        try (InputStream in = Files.newInputStream(Path.of(args[0]));
             OutputStream z = c.open(Compression.ZSTD, new DigestOutputStream(sink, sha), workers)) {
            int n;
            while ((n = in.readNBytes(buf, 0, buf.length)) > 0) {
                if (diffId) {
                    uncompressed.update(buf, 0, n);
                }
                z.write(buf, 0, n);
            }
        }
        pool.shutdown();
        c.close();
        System.out.println(size[0] + " " + HexFormat.of().formatHex(sha.digest())
                + (diffId ? " " + HexFormat.of().formatHex(uncompressed.digest()) : ""));
    }
}
