package dev.strata.input;

import dev.strata.StrataException;
import dev.strata.image.Digest;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * A blob's bytes from a source that could lie: counted and hashed as they are read, refused at the
 * first byte beyond the size they should have, and at their end unless they have exactly that size
 * and digest. A reader that gets to the end has read the right bytes.
 */
final class CheckedStream extends FilterInputStream {
    private final Digest digest;
    private final long size;
    private final String what;
    private final MessageDigest sha = Digest.sha256();
    private long count;
    private boolean checked;

    /** @param what names the blob in messages, e.g. "layer 2 of oci:base" */
    CheckedStream(InputStream in, Digest digest, long size, String what) {
        super(in);
        this.digest = digest;
        this.size = size;
        this.what = what;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, (int) Math.min(len, Math.max(1, size - count + 1)));
        if (n < 0) {
            check();
            return -1;
        }
        count += n;
        if (count > size) {
            throw new StrataException(what + " is longer than the " + size + " bytes its manifest gives; the image is "
                    + "damaged or was changed: take it from its source again");
        }
        sha.update(b, off, n);
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        byte[] buf = new byte[8192];
        long done = 0;
        while (done < n) {
            int r = read(buf, 0, (int) Math.min(buf.length, n - done));
            if (r < 0) {
                break;
            }
            done += r;
        }
        return done;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    private void check() {
        if (checked) {
            return;
        }
        checked = true;
        if (count != size) {
            throw new StrataException(what + " has " + count + " bytes where its manifest gives " + size + "; the image "
                    + "is damaged or incomplete: take it from its source again");
        }
        String actual = "sha256:" + HexFormat.of().formatHex(sha.digest());
        if (!actual.equals(digest.toString())) {
            throw new StrataException(what + " does not have its digest " + digest + " (its bytes hash to " + actual
                    + "); the image is damaged or was changed: take it from its source again");
        }
    }

    /** Reads to the end, checking (for a reader that stopped early). */
    void finish() throws IOException {
        byte[] buf = new byte[1 << 16];
        while (read(buf, 0, buf.length) >= 0) {
            // drain
        }
    }
}
