package dev.strata.output.daemon;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * HTTP/1.1 chunked transfer coding: each write becomes {@code HEX-SIZE CRLF bytes CRLF}; {@link #finish()}
 * writes the last chunk {@code 0 CRLF CRLF}. Callers buffer in front of it, so chunks are large.
 */
final class ChunkedOutputStream extends FilterOutputStream {
    private static final byte[] CRLF = {'\r', '\n'};
    private boolean finished;

    ChunkedOutputStream(OutputStream out) {
        super(out);
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (finished) {
            throw new IOException("chunked body already finished");
        }
        if (len == 0) {
            return; // a zero-length chunk would end the body
        }
        out.write(Integer.toHexString(len).getBytes(StandardCharsets.US_ASCII));
        out.write(CRLF);
        out.write(b, off, len);
        out.write(CRLF);
    }

    /** Ends the body; the underlying stream stays open for reading the answer. */
    void finish() throws IOException {
        if (!finished) {
            finished = true;
            out.write('0');
            out.write(CRLF);
            out.write(CRLF);
            out.flush();
        }
    }

    @Override
    public void close() throws IOException {
        finish();
    }
}
