package dev.strata.output.registry;

import dev.strata.output.ImageBlob;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongConsumer;

/**
 * Uploads one blob. Monolithic by default: {@code POST /v2/REPO/blobs/uploads/} opens a session
 * (202 + Location), then one {@code PUT LOCATION&digest=D} carries the whole blob (201). Chunked
 * when asked ({@code chunkSize > 0}) or when the registry refuses a large body (413): {@code PATCH}
 * pieces with {@code Content-Range: FIRST-LAST}, each answered with 202, the new Location and the
 * {@code Range} received so far, then an empty {@code PUT ...&digest=D}.
 *
 * <p>An {@link Upload} keeps the session between attempts, so after a broken chunk the next attempt
 * asks the registry ({@code GET LOCATION}, {@code Range: 0-N}) what arrived and goes on from byte
 * N+1 instead of starting over; if the registry no longer knows the session, it starts over.
 */
final class BlobPusher {
    /** Upload time allowed per byte on top of the base timeout: 1 MiB/s is the slowest link we wait for. */
    private static final long MIN_BYTES_PER_SECOND = 1 << 20;
    static final long FALLBACK_CHUNK = 5L << 20;

    private final RegistryClient client;

    BlobPusher(RegistryClient client) {
        this.client = client;
    }

    /** The state of one blob's upload across attempts. */
    static final class Upload {
        final String repository;
        final ImageBlob blob;
        long chunkSize;
        URI location;
        long offset;
        boolean patched;

        /** @param opened a session a mount attempt already opened, or empty */
        Upload(String repository, ImageBlob blob, long chunkSize, Optional<URI> opened) {
            this.repository = repository;
            this.blob = blob;
            this.chunkSize = chunkSize;
            this.location = opened.orElse(null);
        }
    }

    /** One attempt: sends what the registry lacks and commits the blob; throws on any fault. */
    void attempt(Upload u, LongConsumer sentSoFar) {
        if (u.location != null && u.patched) {
            resumeOrRestart(u);
        }
        if (u.location == null) {
            u.location = open(u);
            u.offset = 0;
            u.patched = false;
        }
        if (u.chunkSize <= 0) {
            putWhole(u, sentSoFar);
        } else {
            patchChunks(u, sentSoFar);
            commit(u, HttpRequest.BodyPublishers.noBody(), 0);
        }
    }

    private URI open(Upload u) {
        String step = "starting the upload of blob " + u.blob.shortDigest();
        HttpResponse<byte[]> r = client.send("POST", client.v2(u.repository, "blobs/uploads/"),
                Set.of(RegistryClient.pushScope(u.repository)), step);
        if (r.statusCode() != 202) {
            throw client.failure(r, step);
        }
        Optional<String> location = r.headers().firstValue("Location");
        if (location.isEmpty()) {
            throw new RegistryException("the registry " + client.target().registry() + " opened an upload without a "
                    + "Location to send it to; it does not follow the registry API", 202, false, null);
        }
        r.headers().firstValue("OCI-Chunk-Min-Length").ifPresent(min -> {
            long m = parseLong(min, 0);
            if (u.chunkSize > 0 && u.chunkSize < m) {
                u.chunkSize = m;
            }
        });
        return client.resolveLocation(location.get());
    }

    private void putWhole(Upload u, LongConsumer sentSoFar) {
        HttpRequest.BodyPublisher body = new CountingBodyPublisher(wholeBlob(u.blob), 0, sentSoFar);
        try {
            commit(u, body, u.blob.size());
        } catch (RegistryException e) {
            u.location = null; // a failed PUT ends the session; the next attempt opens a new one
            if (e.status() == 413) {
                u.chunkSize = FALLBACK_CHUNK;
                throw new RegistryException(e.getMessage(), 413, true, e);
            }
            throw e;
        }
    }

    private void commit(Upload u, HttpRequest.BodyPublisher body, long bodySize) {
        String step = "uploading blob " + u.blob.shortDigest();
        URI put = withDigest(u.location, u.blob.digest());
        HttpResponse<byte[]> r = client.send("PUT", put, body, Map.of("Content-Type", "application/octet-stream"),
                Set.of(RegistryClient.pushScope(u.repository)), step, uploadTimeout(bodySize));
        if (r.statusCode() != 201 && r.statusCode() != 204 && r.statusCode() != 200) {
            u.location = null;
            throw client.failure(r, step);
        }
    }

    private void patchChunks(Upload u, LongConsumer sentSoFar) {
        String step = "uploading blob " + u.blob.shortDigest() + " in chunks";
        long size = u.blob.size();
        while (u.offset < size) {
            int len = (int) Math.min(u.chunkSize, size - u.offset);
            byte[] chunk = readRange(u.blob, u.offset, len);
            long last = u.offset + len - 1;
            u.patched = true;
            HttpResponse<byte[]> r = client.send("PATCH", u.location,
                    new CountingBodyPublisher(HttpRequest.BodyPublishers.ofByteArray(chunk), u.offset, sentSoFar),
                    Map.of("Content-Type", "application/octet-stream", "Content-Range", u.offset + "-" + last),
                    Set.of(RegistryClient.pushScope(u.repository)), step, uploadTimeout(len));
            if (r.statusCode() == 416) {
                u.location = null; // the registry lost track of our offset: start this blob over
                throw new RegistryException("the registry " + client.target().registry() + " refused chunk " + u.offset
                        + "-" + last + " of blob " + u.blob.shortDigest() + " (416)", 416, true, null);
            }
            if (r.statusCode() != 202) {
                throw client.failure(r, step);
            }
            r.headers().firstValue("Location").ifPresent(l -> u.location = client.resolveLocation(l));
            u.offset = r.headers().firstValue("Range").map(BlobPusher::nextOffset).orElse(last + 1);
            if (u.offset > size) {
                u.location = null; // it claims bytes we never sent: start this blob over
                throw new RegistryException("the registry " + client.target().registry() + " claims " + u.offset
                        + " bytes of blob " + u.blob.shortDigest() + ", which has " + size, 416, true, null);
            }
        }
    }

    /** After a fault mid-chunk: ask the registry how much of the session it holds, else start over. */
    private void resumeOrRestart(Upload u) {
        try {
            HttpResponse<byte[]> r = client.send("GET", u.location, Set.of(RegistryClient.pushScope(u.repository)),
                    "asking how much of blob " + u.blob.shortDigest() + " arrived");
            Optional<String> range = r.headers().firstValue("Range");
            if (r.statusCode() == 204 && range.isPresent() && nextOffset(range.get()) <= u.blob.size()) {
                u.offset = nextOffset(range.get());
                r.headers().firstValue("Location").ifPresent(l -> u.location = client.resolveLocation(l));
                return;
            }
        } catch (RegistryException e) {
            // fall through: start over
        }
        u.location = null;
    }

    /** {@code Range: 0-N} (or {@code bytes=0-N}) means bytes 0..N arrived: continue at N+1. */
    static long nextOffset(String range) {
        String r = range.strip();
        if (r.startsWith("bytes=")) {
            r = r.substring(6);
        }
        int dash = r.indexOf('-');
        if (dash < 0) {
            return 0;
        }
        long end = parseLong(r.substring(dash + 1), -1);
        return end < 0 || end == Long.MAX_VALUE ? 0 : end + 1;
    }

    private Duration uploadTimeout(long bytes) {
        return client.timeout().plusSeconds(bytes / MIN_BYTES_PER_SECOND);
    }

    private static HttpRequest.BodyPublisher wholeBlob(ImageBlob blob) {
        Optional<Path> file = blob.source().file();
        if (file.isPresent()) {
            long actual;
            try {
                actual = Files.size(file.get());
            } catch (IOException e) {
                throw missingBlob(blob, e);
            }
            if (actual != blob.size()) {
                throw new RegistryException("blob " + blob.shortDigest() + " in " + file.get() + " holds " + actual
                        + " bytes where the image says " + blob.size() + "; the cache is damaged, build the image again",
                        -1, false, null);
            }
            return new FileBodyPublisher(file.get(), blob.size());
        }
        return HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> {
            try {
                return blob.source().open();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }), blob.size());
    }

    private static byte[] readRange(ImageBlob blob, long offset, int len) {
        try {
            Optional<Path> file = blob.source().file();
            if (file.isPresent()) {
                try (FileChannel ch = FileChannel.open(file.get(), StandardOpenOption.READ)) {
                    ByteBuffer buf = ByteBuffer.allocate(len);
                    while (buf.hasRemaining()) {
                        if (ch.read(buf, offset + buf.position()) < 0) {
                            throw new IOException("the file is shorter than the blob's size " + blob.size());
                        }
                    }
                    return buf.array();
                }
            }
            try (InputStream in = blob.source().open()) {
                in.skipNBytes(offset);
                byte[] chunk = in.readNBytes(len);
                if (chunk.length != len) {
                    throw new IOException("the blob ends before its size " + blob.size());
                }
                return chunk;
            }
        } catch (NoSuchFileException | FileNotFoundException e) {
            throw missingBlob(blob, e);
        } catch (IOException e) {
            throw new RegistryException("cannot read blob " + blob.shortDigest() + " from " + blob.source() + ": "
                    + e.getMessage(), -1, false, e);
        }
    }

    private static RegistryException missingBlob(ImageBlob blob, Exception e) {
        return new RegistryException("blob " + blob.shortDigest() + " is missing from " + blob.source()
                + "; the cache was changed while pushing, build the image again", -1, false, e);
    }

    private static URI withDigest(URI location, String digest) {
        String s = location.toString();
        int hash = s.indexOf('#');
        String plain = hash < 0 ? s : s.substring(0, hash); // a fragment is never sent; the query goes before it
        return URI.create(plain + (plain.contains("?") ? "&" : "?") + "digest="
                + URLEncoder.encode(digest, StandardCharsets.UTF_8));
    }

    private static long parseLong(String s, long otherwise) {
        try {
            return Long.parseLong(s.strip());
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }
}
