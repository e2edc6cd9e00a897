package dev.strata.output;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes a whole docker-archive tar (manifest.json, config, layers) to a stream, so a daemon load
 * can stream it from the cache blobs without a temporary tar file. It must not close the stream.
 * It may be called more than once (a retry, a fallback to the docker CLI), each time writing the
 * same bytes.
 */
@FunctionalInterface
public interface TarBodyWriter {
    void writeTo(OutputStream out) throws IOException;
}
