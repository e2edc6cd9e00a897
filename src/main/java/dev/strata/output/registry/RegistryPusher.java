package dev.strata.output.registry;

import dev.strata.output.ImageBlob;
import dev.strata.output.PushableImage;
import dev.strata.output.TransferEvent;
import dev.strata.output.TransferListener;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * Pushes an image to a registry, blob by blob, then its manifest under each tag:
 *
 * <ol>
 *   <li>each layer, several at once: {@code HEAD} (already there: skip); else, when the
 *       {@link PushedBlobIndex} knows another repository of this registry holding it, a mount;
 *       else an upload ({@link BlobPusher});
 *   <li>the config, after every layer (a registry may check a manifest's blobs as it arrives);
 *   <li>the manifest, once per tag, with its media type as Content-Type.
 * </ol>
 *
 * <p>Every blob step is idempotent, so a fault (connection reset, 5xx, timeout) is retried with
 * backoff, and each retry starts by asking the registry what arrived: a blob committed before the
 * connection broke is not sent again, a chunked upload goes on where the registry's {@code Range}
 * says it stopped.
 */
public final class RegistryPusher {
    private final PushedBlobIndex index;
    private final CredentialResolver credentials;
    private final Consumer<String> warnings;

    /** @param warnings receives sentences the user should see (e.g. the --insecure warning) */
    public RegistryPusher(PushedBlobIndex index, CredentialResolver credentials, Consumer<String> warnings) {
        this.index = index;
        this.credentials = credentials;
        this.warnings = warnings;
    }

    /** What happened to one blob. */
    private enum Outcome { EXISTED, MOUNTED, UPLOADED }

    public PushResult push(PushableImage image, RegistryReference target, PushOptions options, TransferListener listener) {
        RegistryCredential credential = credentials.resolve(target, options.explicitCredential(), options.timeout());
        RegistryClient client = RegistryClient.connect(target, credential, options.tls(), options.timeout(),
                options.retry(), warnings);
        return push(client, image, options, listener);
    }

    /** Pushes through a client already connected (tests inspect it afterwards, e.g. its token fetches). */
    public PushResult push(RegistryClient client, PushableImage image, PushOptions options, TransferListener listener) {
        try (Session session = new Session(client, options, listener)) {
            return session.finish(image);
        }
    }

    /**
     * Connects to the registry and opens a push whose layers may arrive one by one while the image
     * is still being built ({@link Session#upload}), each starting to upload at once; the image's
     * manifest and config follow in {@link Session#finish}. Close the session to stop it (uploads
     * under way are interrupted; the registry keeps nothing but unreferenced upload sessions).
     */
    public Session open(RegistryReference target, PushOptions options, TransferListener listener) {
        RegistryCredential credential = credentials.resolve(target, options.explicitCredential(), options.timeout());
        RegistryClient client = RegistryClient.connect(target, credential, options.tls(), options.timeout(),
                options.retry(), warnings);
        return new Session(client, options, listener);
    }

    /**
     * One image's push: at most {@link PushOptions#parallelUploads} blobs are checked and uploaded at
     * once (a bounded pool); a blob is sent once however often it is given. Thread-safe.
     */
    public final class Session implements AutoCloseable {
        /** How long closing waits for interrupted uploads to return. */
        static final Duration STOP_WAIT = Duration.ofSeconds(10);

        private final RegistryClient client;
        private final PushOptions options;
        private final TransferListener listener;
        private final ExecutorService pool;
        private final Counters counters = new Counters();
        private final Map<String, Future<?>> started = new LinkedHashMap<>();
        private boolean closed;

        Session(RegistryClient client, PushOptions options, TransferListener listener) {
            this.client = client;
            this.options = options;
            this.listener = listener;
            this.pool = Executors.newFixedThreadPool(options.parallelUploads(), r -> {
                Thread t = new Thread(r, "strata-push");
                t.setDaemon(true);
                return t;
            });
        }

        /** Starts checking and uploading a layer blob now (queued while all streams are busy). */
        public synchronized void upload(ImageBlob blob) {
            if (closed) {
                throw new CancellationException("push cancelled");
            }
            started.computeIfAbsent(blob.digest(), d -> pool.submit(() ->
                    counters.count(pushBlob(client, blob, options, listener), blob)));
        }

        /**
         * Uploads the image's layers not given yet, waits for every layer, then sends the config and
         * stores the manifest under the reference's tag and the extra tags.
         */
        public PushResult finish(PushableImage image) {
            uploadLayers(image);
            RegistryReference target = client.target();
            ManifestPusher manifests = new ManifestPusher(client);
            String localDigest = image.manifestDigest();
            List<String> tags = new ArrayList<>();
            tags.add(target.tag());
            for (String t : options.extraTags()) {
                if (!tags.contains(t)) {
                    tags.add(target.withTag(t).tag());
                }
            }
            for (String tag : tags) {
                String reported = manifests.put(target.repository(), tag, image.manifest(), image.manifestMediaType(),
                        e -> listener.on(new TransferEvent(TransferEvent.Kind.RETRYING, localDigest, 0, -1,
                                e.getMessage())));
                if (reported != null && !reported.equals(localDigest)) {
                    warnings.accept(rewritten(target, reported, localDigest));
                }
                listener.on(new TransferEvent(TransferEvent.Kind.TAGGED, localDigest, image.manifest().length,
                        image.manifest().length, tag));
            }
            return counters.result(target, localDigest, tags);
        }

        /** The layers, several at once, then the config (a registry may check a manifest's blobs as it arrives). */
        Counters uploadLayers(PushableImage image) {
            String config = image.config().digest();
            for (ImageBlob b : image.layers()) {
                if (!b.digest().equals(config)) {
                    upload(b);
                }
            }
            List<Future<?>> all;
            synchronized (this) {
                all = new ArrayList<>(started.values());
            }
            awaitAll(all);
            counters.count(pushBlob(client, image.config(), options, listener), image.config());
            return counters;
        }

        /**
         * Stops the uploads under way (their threads are interrupted, which aborts their exchanges)
         * and waits, at most {@link #STOP_WAIT}, until they have returned, so that once a push has
         * ended no upload of it is still sending or reporting progress.
         */
        @Override
        public void close() {
            synchronized (this) {
                closed = true;
                started.values().forEach(f -> f.cancel(true));
            }
            pool.shutdownNow();
            boolean interrupted = Thread.interrupted(); // a cancelled push closes on an interrupted thread
            try {
                pool.awaitTermination(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                interrupted = true;
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    /**
     * Pushes images over the same blobs (one image in several manifest formats) to {@code target}'s
     * repository: the blobs once, every manifest under its own digest, the first also under the
     * target's tag. Exact: a registry that reports another digest than a manifest's bytes hash to
     * fails the push, because the caller serves those digests and clients fetch by them.
     *
     * @return one result per image, in order
     */
    public List<PushResult> pushExact(List<PushableImage> images, RegistryReference target, PushOptions options,
                                      TransferListener listener) {
        RegistryCredential credential = credentials.resolve(target, options.explicitCredential(), options.timeout());
        RegistryClient client = RegistryClient.connect(target, credential, options.tls(), options.timeout(),
                options.retry(), warnings);
        ManifestPusher manifests = new ManifestPusher(client);
        List<PushResult> results = new ArrayList<>();
        for (PushableImage image : images) {
            Counters counters = pushBlobs(client, image, options, listener);
            String digest = image.manifestDigest();
            List<String> references = results.isEmpty() ? List.of(digest, target.tag()) : List.of(digest);
            for (String reference : references) {
                String reported = manifests.put(target.repository(), reference, image.manifest(),
                        image.manifestMediaType(), e -> listener.on(new TransferEvent(TransferEvent.Kind.RETRYING,
                                digest, 0, -1, e.getMessage())));
                if (reported != null && !reported.equals(digest)) {
                    throw new RegistryException(rewritten(target, reported, digest), -1, false, null);
                }
            }
            results.add(counters.result(target, digest, List.of(target.tag())));
        }
        return results;
    }

    private static String rewritten(RegistryReference target, String reported, String local) {
        return "the registry " + target.registry() + " reports manifest digest " + reported
                + " but the manifest's bytes hash to " + local + "; it may have rewritten the manifest";
    }

    private Counters pushBlobs(RegistryClient client, PushableImage image, PushOptions options,
                               TransferListener listener) {
        try (Session session = new Session(client, options, listener)) {
            return session.uploadLayers(image);
        }
    }

    /** Where an artifact that refers to an image went. */
    public record ReferrerResult(String manifestDigest, String artifactType, boolean referrersApi, String referrersTag) {
        public Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("manifestDigest", manifestDigest);
            m.put("artifactType", artifactType);
            m.put("referrersTag", referrersTag);
            return m;
        }
    }

    /**
     * Pushes an artifact that refers to an image in {@code target}'s repository ({@code subject}):
     * its blobs, then its manifest by digest (no tag of its own). A registry with the referrers API
     * says so ({@code OCI-Subject}); for any other, the artifact is added to the referrers tag
     * ({@link ReferrersTag}), as the distribution spec asks of clients.
     */
    public ReferrerResult pushReferrer(ReferringArtifact artifact, RegistryReference target, PushOptions options,
                                       TransferListener listener) {
        RegistryCredential credential = credentials.resolve(target, options.explicitCredential(), options.timeout());
        RegistryClient client = RegistryClient.connect(target, credential, options.tls(), options.timeout(),
                options.retry(), warnings);
        for (ImageBlob blob : artifact.manifest().blobsInPushOrder()) {
            pushBlob(client, blob, options, listener);
        }
        String digest = artifact.manifest().manifestDigest();
        Consumer<RegistryException> onRetry = e -> listener.on(new TransferEvent(TransferEvent.Kind.RETRYING, digest, 0,
                -1, e.getMessage()));
        HttpHeaders answer = new ManifestPusher(client).store(target.repository(), digest,
                artifact.manifest().manifest(), artifact.manifest().manifestMediaType(), onRetry);
        if (answer.firstValue("OCI-Subject").isPresent()) {
            return new ReferrerResult(digest, artifact.artifactType(), true, null);
        }
        String tag = new ReferrersTag(client).add(target.repository(), artifact, onRetry);
        return new ReferrerResult(digest, artifact.artifactType(), false, tag);
    }

    private Outcome pushBlob(RegistryClient client, ImageBlob blob, PushOptions options, TransferListener listener) {
        BlobPush push = new BlobPush(client, blob, options, listener);
        Outcome outcome = client.retrying("pushing blob " + blob.shortDigest(),
                e -> listener.on(new TransferEvent(TransferEvent.Kind.RETRYING, blob.digest(), 0, blob.size(),
                        e.getMessage())),
                push::attempt);
        if (outcome == Outcome.EXISTED) {
            listener.on(TransferEvent.of(TransferEvent.Kind.EXISTS, blob.digest(), 0, blob.size()));
        } else if (outcome == Outcome.UPLOADED) {
            listener.on(TransferEvent.of(TransferEvent.Kind.FINISHED, blob.digest(), blob.size(), blob.size()));
        }
        index.record(client.target().registry(), client.target().repository(), blob.digest());
        return outcome;
    }

    /** One blob's way into the repository, across attempts: check, mount or upload, resume. */
    private final class BlobPush {
        private final RegistryClient client;
        private final ImageBlob blob;
        private final PushOptions options;
        private final TransferListener listener;
        private final String repository;
        private boolean sentBytes;
        private BlobPusher.Upload upload;

        BlobPush(RegistryClient client, ImageBlob blob, PushOptions options, TransferListener listener) {
            this.client = client;
            this.blob = blob;
            this.options = options;
            this.listener = listener;
            this.repository = client.target().repository();
        }

        /** One try; every try starts by asking whether the blob is already there (an earlier try may have landed). */
        Outcome attempt() {
            if (new BlobChecker(client).exists(repository, blob)) {
                return sentBytes ? Outcome.UPLOADED : Outcome.EXISTED;
            }
            if (upload == null) {
                Optional<URI> opened = Optional.empty();
                Optional<String> from = index.mountSource(client.target().registry(), repository, blob.digest());
                if (from.isPresent()) {
                    BlobMounter.Outcome m = new BlobMounter(client).mount(repository, blob, from.get());
                    if (m.mounted()) {
                        listener.on(new TransferEvent(TransferEvent.Kind.MOUNTED, blob.digest(), 0, blob.size(),
                                from.get()));
                        return Outcome.MOUNTED;
                    }
                    opened = m.uploadLocation();
                }
                upload = new BlobPusher.Upload(repository, blob, options.chunkSize(), opened);
            }
            listener.on(TransferEvent.of(TransferEvent.Kind.STARTED, blob.digest(), upload.offset, blob.size()));
            sentBytes = true;
            new BlobPusher(client).attempt(upload, progress(blob, listener));
            return Outcome.UPLOADED;
        }
    }

    /** PROGRESS events about every 0.5% of a blob (at least 64 KiB apart), and at its end. */
    private static LongConsumer progress(ImageBlob blob, TransferListener listener) {
        long step = Math.max(64 << 10, blob.size() / 200);
        AtomicLong last = new AtomicLong(-step);
        return sent -> {
            long prev = last.get();
            if ((sent - prev >= step || sent == blob.size()) && last.compareAndSet(prev, sent)) {
                listener.on(TransferEvent.of(TransferEvent.Kind.PROGRESS, blob.digest(), sent, blob.size()));
            }
        };
    }

    private static void awaitAll(List<Future<?>> futures) {
        try {
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            futures.forEach(f -> f.cancel(true));
            Thread.currentThread().interrupt();
            throw new CancellationException("push cancelled");
        } catch (ExecutionException e) {
            futures.forEach(f -> f.cancel(true));
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException) {
                throw (RuntimeException) cause;
            }
            if (cause instanceof Error) {
                throw (Error) cause;
            }
            throw new IllegalStateException(cause);
        }
    }

    private static final class Counters {
        final AtomicInteger uploaded = new AtomicInteger();
        final AtomicInteger skipped = new AtomicInteger();
        final AtomicInteger mounted = new AtomicInteger();
        final AtomicLong bytes = new AtomicLong();

        PushResult result(RegistryReference target, String manifestDigest, List<String> tags) {
            return new PushResult(target.toString(), manifestDigest, uploaded.get(), bytes.get(), skipped.get(),
                    mounted.get(), tags);
        }

        void count(Outcome o, ImageBlob blob) {
            switch (o) {
                case UPLOADED:
                    uploaded.incrementAndGet();
                    bytes.addAndGet(blob.size());
                    break;
                case MOUNTED:
                    mounted.incrementAndGet();
                    skipped.incrementAndGet();
                    break;
                default:
                    skipped.incrementAndGet();
                    break;
            }
        }
    }
}
