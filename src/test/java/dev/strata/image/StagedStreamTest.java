package dev.strata.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The stage passes on exactly the bytes written, and a failure or interrupt on either side stops both. */
class StagedStreamTest {
    @Test
    void everyByteArrivesInOrderWhateverTheWriteSizes() throws IOException {
        byte[] data = new byte[5 * StagedStream.CHUNK + 12_345];
        new Random(7).nextBytes(data);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AtomicBoolean closed = new AtomicBoolean();
        StagedStream s = new StagedStream(new OutputStream() {
            @Override
            public void write(int b) {
                out.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                out.write(b, off, len);
            }

            @Override
            public void close() {
                closed.set(true);
            }
        });
        Random sizes = new Random(8);
        int at = 0;
        while (at < data.length) {
            int n = Math.min(data.length - at, sizes.nextInt(3) == 0 ? 1 : sizes.nextInt(3 * StagedStream.CHUNK / 2));
            if (n == 1) {
                s.write(data[at]);
            } else {
                s.write(data, at, n);
            }
            at += n;
        }
        assertFalse(closed.get(), "downstream stays open until the stream is closed");
        s.close();
        assertTrue(closed.get(), "closing closes downstream, after the last chunk");
        assertArrayEquals(data, out.toByteArray());
        assertThrows(IOException.class, () -> s.write(1), "no write after close");
    }

    @Test
    void aFailureBelowIsThrownToTheWriter() {
        StagedStream s = new StagedStream(new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("disk full");
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                throw new IOException("disk full");
            }
        });
        IOException e = assertThrows(IOException.class, () -> {
            byte[] chunk = new byte[StagedStream.CHUNK];
            for (int i = 0; i < 2 * StagedStream.DEPTH + 2; i++) {
                s.write(chunk);
            }
            s.close();
        });
        assertEquals("disk full", e.getMessage());
    }

    @Test
    void anInterruptedWriterStopsTheStageBeforeItReturns() throws Exception {
        CountDownLatch blocked = new CountDownLatch(1);
        AtomicBoolean stageInterrupted = new AtomicBoolean();
        StagedStream s = new StagedStream(new OutputStream() {
            @Override
            public void write(int b) {
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                blocked.countDown();
                try {
                    new CountDownLatch(1).await(); // a compressor that never finishes
                } catch (InterruptedException e) {
                    stageInterrupted.set(true);
                    throw new InterruptedIOException("stopped");
                }
            }
        });
        Thread.currentThread().interrupt();
        byte[] chunk = new byte[StagedStream.CHUNK];
        assertThrows(InterruptedIOException.class, () -> {
            for (int i = 0; i < 2 * StagedStream.DEPTH + 2; i++) {
                s.write(chunk);
            }
        });
        assertTrue(Thread.interrupted(), "the writer's interrupt is kept");
        assertFalse(s.stageAlive(), "the stage has stopped before the write returned");
        if (blocked.getCount() == 0) {
            assertTrue(stageInterrupted.get(), "a stage inside the compressor was interrupted out of it");
        }
        s.abandon(); // again: harmless
        assertThrows(IOException.class, () -> s.write(1));
    }
}
