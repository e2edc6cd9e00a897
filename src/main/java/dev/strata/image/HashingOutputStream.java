package dev.strata.image;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;

/**
 * Passes bytes through while computing their SHA-256 and counting them: how every digest in Strata
 * is made, on the way to where the bytes go anyway, never by reading a file a second time.
 * {@link #flush()} is not passed on: compressors downstream would otherwise end blocks at points
 * that depend on buffering rather than on the content.
 */
public final class HashingOutputStream extends FilterOutputStream {
    private final MessageDigest sha256 = Digest.sha256();
    private long count;
    private Digest digest;

    public HashingOutputStream(OutputStream out) {
        super(out);
    }

    @Override
    public void write(int b) throws IOException {
        sha256.update((byte) b);
        out.write(b);
        count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        sha256.update(b, off, len);
        out.write(b, off, len);
        count += len;
    }

    @Override
    public void flush() {
        // Deliberately not forwarded; see the class comment.
    }

    /** Bytes written so far. */
    public long count() {
        return count;
    }

    /** The SHA-256 of everything written; ends the hashing, so call it once, after the last write. */
    public Digest digest() {
        if (digest == null) {
            digest = Digest.of(sha256);
        }
        return digest;
    }

    /** Closes the stream below after the last byte; the digest stays available. */
    @Override
    public void close() throws IOException {
        out.close();
    }
}
