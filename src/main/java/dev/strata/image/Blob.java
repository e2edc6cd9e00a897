package dev.strata.image;

import java.nio.file.Path;

/** A blob in the {@link BlobStore}: its digest, its size in bytes and the file that holds it. */
public record Blob(Digest digest, long size, Path path) { }
