import dev.strata.image.LayerCompressor;
import dev.strata.image.Compression;
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
 * One gzip compression of a tar file as a layer is compressed (LayerCompressor: the process's engine,
 * block-parallel on two threads, level 6), in a fresh JVM: bench/gzip.sh times it against pigz.
 * Prints the compressed size and its SHA-256.
 */
public final class GzipBench {
    public static void main(String[] args) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        long[] size = new long[1];
        OutputStream sink = new OutputStream() {
            @Override public void write(int b) { size[0]++; }
            @Override public void write(byte[] b, int off, int len) { size[0] += len; }
        };
        LayerCompressor c = new LayerCompressor(pool, 2);
        try (InputStream in = Files.newInputStream(Path.of(args[0]));
             OutputStream gz = c.open(Compression.GZIP, new DigestOutputStream(sink, sha))) {
            in.transferTo(gz);
        }
        pool.shutdown();
        System.out.println(size[0] + " " + HexFormat.of().formatHex(sha.digest()));
    }
}
