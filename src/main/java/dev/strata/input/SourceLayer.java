package dev.strata.input;

import dev.strata.image.Compression;
import dev.strata.image.Digest;

/**
 * One layer of an image as its source holds it.
 *
 * @param digest the digest of the bytes as stored (for an uncompressed docker-archive layer, which
 *     has no other form, that of the tar: its diffID)
 * @param size the stored bytes
 * @param compression how those bytes are compressed
 * @param diffId the digest of the uncompressed tar, from the config
 */
public record SourceLayer(Digest digest, long size, Compression compression, Digest diffId) { }
