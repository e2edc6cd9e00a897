package dev.strata.output.registry;

import java.time.Duration;
import java.util.List;

/**
 * How to push: TLS, the credential given on the command line (or null to look in the Docker
 * config), extra tags, how many blobs at once, chunked uploads, timeouts and retries.
 *
 * @param explicitCredential from {@code --creds}/{@code --creds-stdin}, or null
 * @param extraTags tags stored besides the reference's own ({@code -t}, repeatable)
 * @param parallelUploads blobs checked and uploaded at the same time
 * @param chunkSize 0 for one PUT per blob, else PATCH pieces of this many bytes
 * @param timeout connecting, and waiting for an answer (uploads get more, by their size)
 */
public record PushOptions(TlsOptions tls, RegistryCredential explicitCredential, List<String> extraTags,
                          int parallelUploads, long chunkSize, Duration timeout, RetryPolicy retry) {
    public static final int DEFAULT_PARALLEL_UPLOADS = 4;

    public PushOptions {
        tls = tls == null ? TlsOptions.system() : tls;
        extraTags = extraTags == null ? List.of() : List.copyOf(extraTags);
        parallelUploads = Math.max(1, parallelUploads);
        chunkSize = Math.max(0, chunkSize);
        timeout = timeout == null ? Duration.ofSeconds(60) : timeout;
        retry = retry == null ? RetryPolicy.DEFAULT : retry;
    }

    public static PushOptions defaults() {
        return new PushOptions(TlsOptions.system(), null, List.of(), DEFAULT_PARALLEL_UPLOADS, 0, null, null);
    }

    public PushOptions withTls(TlsOptions v) {
        return new PushOptions(v, explicitCredential, extraTags, parallelUploads, chunkSize, timeout, retry);
    }

    public PushOptions withCredential(RegistryCredential v) {
        return new PushOptions(tls, v, extraTags, parallelUploads, chunkSize, timeout, retry);
    }

    public PushOptions withExtraTags(List<String> v) {
        return new PushOptions(tls, explicitCredential, v, parallelUploads, chunkSize, timeout, retry);
    }

    public PushOptions withParallelUploads(int v) {
        return new PushOptions(tls, explicitCredential, extraTags, v, chunkSize, timeout, retry);
    }

    public PushOptions withChunkSize(long v) {
        return new PushOptions(tls, explicitCredential, extraTags, parallelUploads, v, timeout, retry);
    }

    public PushOptions withTimeout(Duration v) {
        return new PushOptions(tls, explicitCredential, extraTags, parallelUploads, chunkSize, v, retry);
    }

    public PushOptions withRetry(RetryPolicy v) {
        return new PushOptions(tls, explicitCredential, extraTags, parallelUploads, chunkSize, timeout, v);
    }
}
