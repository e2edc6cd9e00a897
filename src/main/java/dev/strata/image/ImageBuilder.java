package dev.strata.image;

import dev.strata.StrataException;
import dev.strata.closure.StorePath;
import dev.strata.layering.Layer;
import dev.strata.layering.LayerPlan;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * Turns a {@link LayerPlan} into an image in the blob store. Each layer is written once, in one
 * pass: tar bytes -> SHA-256 (the diffID) -> compressor -> SHA-256 and byte count (the digest) ->
 * a temporary file -> renamed to its digest. The layer's thread reads files and makes the tar; a
 * second thread per layer ({@link StagedStream}) does everything after the tar, so reading overlaps
 * hashing and compressing as it would with a separate tar process. Layers are written in parallel (largest first, as
 * many at a time as there are cores) and gzip blocks of every layer share one pool of deflate
 * threads, so one large layer still keeps every core busy.
 *
 * <p>A layer whose cache entry ({@link LayerIndex}) names a blob that is present, verifies against
 * its digest and decompresses to the entry's diffID is not read, tarred or compressed again. An
 * entry that fails a check is removed (a bad blob deleted) and the layer written anew, with a
 * warning that it was repaired.
 *
 * <p>Interrupting the calling thread cancels the build: workers stop, temporary files are
 * deleted, and a {@link CancellationException} is thrown once they have; the blob store holds
 * complete blobs only.
 */
public final class ImageBuilder {
    private final BlobStore blobs;
    private final LayerIndex index;
    private final ImageRecords records;
    private final DiffIds diffIds;
    private final int threads;

    public ImageBuilder(BlobStore blobs, LayerIndex index, ImageRecords records, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        this.blobs = blobs;
        this.index = index;
        this.records = records;
        this.diffIds = DiffIds.of(blobs);
        this.threads = threads;
    }

    /** A builder on a cache directory's blob store and index, using every core. */
    public static ImageBuilder inCache(Path cacheDir) {
        return new ImageBuilder(BlobStore.in(cacheDir), LayerIndex.in(cacheDir), ImageRecords.in(cacheDir),
                Runtime.getRuntime().availableProcessors());
    }

    public ImageBuilder withThreads(int n) {
        return new ImageBuilder(blobs, index, records, n);
    }

    public BlobStore blobs() {
        return blobs;
    }

    /**
     * Writes (or reuses) every layer, then the config and the manifest. Layer order: the base
     * image's layers (kept as they are), the plan's store layers, the top layer, then one layer per
     * added files entry.
     */
    public BuiltImage build(ImageInputs inputs, LayerPlan plan, ImageConfig config, BuildOptions options,
                            BuildListener listener) {
        checkPlan(inputs, plan);
        Platform platform = Platform.ofNixSystem(inputs.system());
        BaseImage base = inputs.base();
        ManifestFormat format = options.manifestFormat();
        List<BuiltLayer> baseLayers = base == null ? List.of() : baseLayers(base, platform, format);
        BaseTree baseTree = base == null ? BaseTree.NONE : baseTree(base);
        TopLayer top;
        try {
            top = TopLayer.prepare(inputs.forest(), inputs.storeRoot(), config.user(), baseTree, listener::warning);
        } catch (IOException e) {
            throw new StrataException("cannot read the symlink forest " + inputs.forest() + ": " + e.getMessage()
                    + "; realise the packages again");
        }
        List<TreeNode.Dir> below = new ArrayList<>(List.of(top.tree()));
        List<AddedLayer> added = new ArrayList<>();
        for (AddedFiles a : inputs.adds()) {
            AddedLayer l = AddedLayer.prepare(a, baseTree, below);
            added.add(l);
            below.add(l.tree());
        }
        List<Job> jobs = new ArrayList<>();
        int count = plan.layers().size() + 1 + added.size();
        for (int i = 0; i < plan.layers().size(); i++) {
            Layer l = plan.layers().get(i);
            jobs.add(new Job(i, count, contentKey(Layer.keyOf(l.paths()), inputs.storeRoot()), l.paths(), l.narSize(),
                    describe(l.paths()), null, null));
        }
        int topIndex = plan.layers().size();
        jobs.add(new Job(topIndex, count, contentKey(top.key(), inputs.storeRoot()), List.of(), 0,
                "the packages' symlinks at /, /etc/passwd, /etc/group and /tmp"
                        + (config.userName().isEmpty() ? "" : " and the user's home"), top, null));
        long addedBytes = 0;
        for (int i = 0; i < added.size(); i++) {
            AddedLayer a = added.get(i);
            addedBytes += a.bytes();
            jobs.add(new Job(topIndex + 1 + i, count, a.key(), List.of(), a.bytes(), a.description(), null, a));
        }

        BuiltLayer[] built = runAll(jobs, inputs.storeRoot(), options.compression(), format,
                plan.totalNarSize() + addedBytes, listener);

        List<BuiltLayer> layers = new ArrayList<>(baseLayers);
        layers.addAll(List.of(built));
        List<Digest> diffIds = new ArrayList<>();
        List<ImageJson.History> history = new ArrayList<>();
        List<ImageJson.Descriptor> layerDescriptors = new ArrayList<>();
        for (BuiltLayer l : layers) {
            diffIds.add(l.diffId());
            layerDescriptors.add(new ImageJson.Descriptor(l.mediaType(), l.digest(), l.size()));
        }
        for (BuiltLayer l : built) {
            history.add(new ImageJson.History("strata: " + l.description()));
        }
        byte[] configBytes = base == null
                ? ImageJson.config(platform, options.created(), config, diffIds, history)
                : ImageJson.configOnBase(base.config(), options.created(), config, diffIds, history);
        Blob configBlob = blobs.put(configBytes);
        byte[] manifestBytes = ImageJson.manifest(format,
                new ImageJson.Descriptor(format.configMediaType(), configBlob.digest(), configBlob.size()),
                layerDescriptors);
        Blob manifestBlob = blobs.put(manifestBytes);
        BuiltImage image = new BuiltImage(format, options.compression(), manifestBlob, manifestBytes,
                format.manifestMediaType(), configBlob, configBytes, layers, platform);
        records.record(image);
        return image;
    }

    /** The stored size of a plan's store layers before building ({@link SizeEstimate}): exact where cached. */
    public SizeEstimate estimate(LayerPlan plan, Path storeRoot, Compression compression) {
        long[] narSizes = new long[plan.layers().size()];
        long[] cached = new long[narSizes.length];
        long cachedNar = 0;
        long cachedSize = 0;
        for (int i = 0; i < narSizes.length; i++) {
            Layer l = plan.layers().get(i);
            narSizes[i] = l.narSize();
            cached[i] = -1;
            String key = LayerIndex.key(contentKey(Layer.keyOf(l.paths()), storeRoot), compression);
            Optional<LayerIndex.Entry> e = index.get(key);
            if (e.isPresent() && blobs.contains(e.get().digestValue())) {
                cached[i] = e.get().size();
                cachedNar += l.narSize();
                cachedSize += e.get().size();
            }
        }
        boolean measured = cachedNar > 0;
        double ratio = measured ? (double) cachedSize / cachedNar : SizeEstimate.typicalRatio(compression);
        List<SizeEstimate.LayerSize> sizes = new ArrayList<>();
        for (int i = 0; i < narSizes.length; i++) {
            sizes.add(cached[i] >= 0 ? new SizeEstimate.LayerSize(narSizes[i], cached[i], true)
                    : new SizeEstimate.LayerSize(narSizes[i], Math.round(narSizes[i] * ratio), false));
        }
        return new SizeEstimate(sizes, ratio, measured);
    }

    /** The cached blob of a planned store layer under a compression, when a build has written it. */
    public Optional<Digest> cachedLayer(Layer layer, Path storeRoot, Compression compression) {
        String key = LayerIndex.key(contentKey(Layer.keyOf(layer.paths()), storeRoot), compression);
        return index.get(key).map(LayerIndex.Entry::digestValue).filter(blobs::contains);
    }

    /**
     * The base's layers as this image's first layers: their blobs as the base has them (never
     * recompressed, so their digests stay the base's), named by this manifest dialect's media type.
     */
    private List<BuiltLayer> baseLayers(BaseImage base, Platform platform, ManifestFormat format) {
        platform.requireBase(base.reference(), base.platform());
        List<BuiltLayer> out = new ArrayList<>();
        int n = base.layers().size();
        for (int i = 0; i < n; i++) {
            BaseImage.BaseLayer l = base.layers().get(i);
            if (!blobs.verify(l.digest(), l.size())) {
                throw new StrataException("layer " + (i + 1) + " of the base image " + base.reference() + " ("
                        + l.digest() + ") is missing from the cache or damaged; build again to take it from the base anew");
            }
            String mediaType;
            try {
                mediaType = l.compression().layerMediaType(format);
            } catch (StrataException e) {
                throw new StrataException("the base image " + base.reference() + " has zstd layers, which exist only in "
                        + "OCI images; build with --manifest-format oci");
            }
            out.add(new BuiltLayer(l.digest(), l.diffId(), l.size(), mediaType, blobs.path(l.digest()), List.of(),
                    "layer " + (i + 1) + " of " + n + " of the base image " + base.reference(), true));
        }
        return out;
    }

    /** The base's tree, from each layer's scan (made once per cache: see {@link BaseScan}). */
    private BaseTree baseTree(BaseImage base) {
        return BaseTree.of(blobs, base);
    }

    /**
     * The same image with a manifest in the other dialect: the config and the layer blobs are
     * shared (the config does not depend on the manifest format), only the media types differ. A
     * registry serving both dialects builds once and asks for the second here.
     */
    public BuiltImage inFormat(BuiltImage image, ManifestFormat format) {
        if (image.format() == format) {
            return image;
        }
        List<BuiltLayer> layers = new ArrayList<>();
        List<ImageJson.Descriptor> descriptors = new ArrayList<>();
        for (BuiltLayer l : image.layers()) {
            // Base layers may be compressed otherwise than Strata's: each keeps its own compression.
            Compression c = Compression.ofLayerMediaType(l.mediaType());
            String layerType = (c == null ? image.compression() : c).layerMediaType(format);
            layers.add(new BuiltLayer(l.digest(), l.diffId(), l.size(), layerType, l.blob(), l.paths(), l.description(),
                    l.reused()));
            descriptors.add(new ImageJson.Descriptor(layerType, l.digest(), l.size()));
        }
        byte[] manifestBytes = ImageJson.manifest(format, new ImageJson.Descriptor(format.configMediaType(),
                image.configDigest(), image.config().size()), descriptors);
        Blob manifest = blobs.put(manifestBytes);
        BuiltImage other = new BuiltImage(format, image.compression(), manifest, manifestBytes,
                format.manifestMediaType(), image.config(), image.configBytes(), layers, image.platform());
        records.record(other);
        return other;
    }

    /** Every closure path in exactly one layer, and nothing else: the plan must be for this closure. */
    static void checkPlan(ImageInputs inputs, LayerPlan plan) {
        Map<StorePath, Integer> seen = new HashMap<>();
        for (int i = 0; i < plan.layers().size(); i++) {
            for (StorePath p : plan.layers().get(i).paths()) {
                Integer before = seen.put(p, i);
                if (before != null) {
                    throw new StrataException("the layer plan puts " + p + " in layers " + (before + 1) + " and "
                            + (i + 1) + "; a store path belongs in one layer, plan again");
                }
                if (!inputs.closure().contains(p)) {
                    throw new StrataException("the layer plan holds " + p + ", which is not in the closure of the "
                            + "packages; plan again for these packages");
                }
            }
        }
        for (StorePath p : inputs.closure().paths()) {
            if (!seen.containsKey(p)) {
                throw new StrataException("the layer plan leaves out " + p + ", which the packages need at run time; "
                        + "plan again for these packages");
            }
        }
    }

    /**
     * One layer to write: a store layer (paths), the top layer ({@code top}), or an added-files
     * layer ({@code added}).
     */
    private record Job(int index, int count, String contentKey, List<StorePath> paths, long narSize,
                       String description, TopLayer top, AddedLayer added) { }

    private BuiltLayer[] runAll(List<Job> jobs, Path root, Compression compression, ManifestFormat format,
                                long totalBytes, BuildListener listener) {
        ExecutorService layerPool = Executors.newFixedThreadPool(threads, daemon("strata-layer"));
        ExecutorService deflatePool = Executors.newFixedThreadPool(threads, daemon("strata-deflate"));
        LayerCompressor compressor = new LayerCompressor(deflatePool, threads);
        Progress progress = new Progress(totalBytes, listener);
        List<Job> order = new ArrayList<>(jobs);
        order.sort(Comparator.comparingLong(Job::narSize).reversed().thenComparingInt(Job::index));
        Map<Integer, Future<BuiltLayer>> futures = new HashMap<>();
        BuiltLayer[] out = new BuiltLayer[jobs.size()];
        try {
            for (Job j : order) {
                futures.put(j.index(), layerPool.submit(() -> layer(j, root, compression, format, compressor, progress,
                        listener)));
            }
            for (Job j : jobs) {
                out[j.index()] = futures.get(j.index()).get();
            }
            return out;
        } catch (InterruptedException e) {
            stop(futures, layerPool, deflatePool);
            Thread.currentThread().interrupt();
            throw new CancellationException("the image build was cancelled");
        } catch (ExecutionException e) {
            stop(futures, layerPool, deflatePool);
            Throwable cause = e.getCause();
            if (cause instanceof InterruptedIOException || cause instanceof ClosedByInterruptException
                    || cause instanceof CancellationException) {
                throw new CancellationException("the image build was cancelled");
            }
            if (cause instanceof StrataException se) {
                throw se;
            }
            if (cause instanceof IOException io) {
                throw new StrataException("writing a layer failed: " + io.getMessage()
                        + "; check the store paths and free space in the cache directory", io);
            }
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(cause);
        } finally {
            layerPool.shutdownNow();
            deflatePool.shutdownNow();
            awaitQuietly(layerPool);
            awaitQuietly(deflatePool);
            compressor.close();
        }
    }

    /** Cancels every layer and waits until the workers have cleaned up their temporary files. */
    private static void stop(Map<Integer, Future<BuiltLayer>> futures, ExecutorService... pools) {
        futures.values().forEach(f -> f.cancel(true));
        for (ExecutorService p : pools) {
            p.shutdownNow();
        }
        for (ExecutorService p : pools) {
            awaitQuietly(p);
        }
    }

    private static void awaitQuietly(ExecutorService pool) {
        boolean interrupted = Thread.interrupted();
        try {
            while (!pool.awaitTermination(1, TimeUnit.MINUTES)) {
                pool.shutdownNow();
            }
        } catch (InterruptedException e) {
            interrupted = true;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private BuiltLayer layer(Job job, Path root, Compression compression, ManifestFormat format,
                             LayerCompressor compressor, Progress progress, BuildListener listener)
            throws IOException {
        String key = LayerIndex.key(job.contentKey(), compression);
        String mediaType = compression.layerMediaType(format);
        Optional<LayerIndex.Entry> cached = index.get(key);
        if (cached.isPresent()) {
            Optional<BuiltLayer> reused = reuse(job, key, cached.get(), compression, mediaType, listener);
            if (reused.isPresent()) {
                progress.add(job.narSize());
                listener.layerFinished(job.index(), job.count(), reused.get());
                return reused.get();
            }
        }
        listener.layerStarted(job.index(), job.count(), job.description());
        LayerTar tar = new LayerTar(root, listener::warning, progress::add);
        Blob blob;
        Digest diffId;
        try (BlobStore.Pending pending = blobs.create()) {
            LayerCompressor.Compressing compressing = compressor.open(compression, pending.stream(), zstdWorkers());
            HashingOutputStream uncompressed = new HashingOutputStream(compressing);
            // This thread reads the files and writes tar records; the diffID's hash, the compressor's
            // input and the blob's hash and writes run on the stage's thread meanwhile.
            StagedStream staged = new StagedStream(uncompressed);
            try {
                if (job.top() != null) {
                    tar.writeTree(job.top().tree(), staged);
                } else if (job.added() != null) {
                    tar.writeTree(job.added().tree(), staged);
                } else {
                    tar.writeStorePaths(job.paths(), staged);
                }
                staged.close();
                if (job.added() != null) {
                    job.added().checkUnchanged();
                }
            } catch (IOException | RuntimeException | Error t) {
                staged.abandon();
                compressing.abandon();
                throw t;
            }
            diffId = uncompressed.digest();
            blob = pending.commit();
        }
        diffIds.record(blob.digest(), compression, diffId);
        index.put(key, new LayerIndex.Entry(job.contentKey(), LayerIndex.format(compression), diffId.toString(),
                blob.digest().toString(), blob.size(), compression.id(), compression.layerMediaType(ManifestFormat.OCI),
                job.paths().stream().map(StorePath::path).toList()));
        BuiltLayer l = new BuiltLayer(blob.digest(), diffId, blob.size(), mediaType, blob.path(), job.paths(),
                job.description(), false);
        listener.layerFinished(job.index(), job.count(), l);
        return l;
    }

    /**
     * The cached layer, when its index entry is this layer's and its blob is there, verifies
     * ({@link BlobStore#verify}) and decompresses to the entry's diffID ({@link DiffIds}). Otherwise
     * the entry is removed and the layer is written again; when the entry or its blob was damaged,
     * not merely collected, one warning says so.
     */
    private Optional<BuiltLayer> reuse(Job job, String key, LayerIndex.Entry e, Compression compression,
                                       String mediaType, BuildListener listener) {
        Digest digest = e.digestValue();
        Path file = blobs.path(digest);
        String problem = null;
        if (!e.layerKey().equals(job.contentKey()) || !LayerIndex.format(compression).equals(e.format())
                || !compression.id().equals(e.compression())) {
            problem = "its index entry describes another layer";
        } else if (!Files.exists(file)) {
            index.remove(key); // collected by cache gc: a plain miss
            return Optional.empty();
        } else if (!blobs.verify(digest, e.size())) {
            problem = "its blob " + digest + " did not match its digest and was removed";
        } else {
            try {
                if (!diffIds.matches(new Blob(digest, e.size(), file), compression, e.diffIdValue())) {
                    problem = "its index entry gave the diffID " + e.diffId() + ", which is not the digest of the "
                            + "blob's uncompressed tar";
                }
            } catch (IOException ex) {
                problem = "its blob " + digest + " does not decompress as " + compression.id() + " (" + ex.getMessage() + ")";
            }
        }
        if (problem == null) {
            index.touch(key);
            return Optional.of(new BuiltLayer(digest, e.diffIdValue(), e.size(), mediaType, file, job.paths(),
                    job.description(), true));
        }
        index.remove(key);
        listener.warning("repaired the cached layer " + (job.index() + 1) + " of " + job.count() + " ("
                + job.description() + "): " + problem + "; it is written again");
        return Optional.empty();
    }

    /**
     * zstd threads for a layer: one per core for every layer (the bytes are the same for any number).
     * Until issue 14 a layer under half the image got one; measured on the benchmark image (four
     * store paths, none half of it) in 6 interleaved pairs at load 6 to 7, one per core for all took
     * the same CPU (0.89 to 1.06 of it) and less wall time (0.56 to 1.09, median 0.84): no core waits
     * for the last layer, and the build runs as many threads as {@code zstd -T2} does.
     */
    private int zstdWorkers() {
        return threads;
    }

    /** Names the first store paths of a layer: {@code hello-2.12, glibc-2.37 and 3 more}. */
    static String describe(List<StorePath> paths) {
        int shown = Math.min(3, paths.size());
        String names = paths.stream().limit(shown).map(StorePath::name).collect(Collectors.joining(", "));
        return paths.size() > shown ? names + " and " + (paths.size() - shown) + " more" : names;
    }

    private static String contentKey(String key, Path root) {
        if (root.toAbsolutePath().normalize().equals(Path.of("/"))) {
            return key;
        }
        var md = Digest.sha256();
        md.update((key + "\n" + root.toAbsolutePath().normalize()).getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(md.digest());
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** Sums content bytes over all layers and reports about every 4 MiB. */
    private static final class Progress {
        private static final long STEP = 4L << 20;
        private final AtomicLong done = new AtomicLong();
        private final AtomicLong reported = new AtomicLong();
        private final long total;
        private final BuildListener listener;

        Progress(long total, BuildListener listener) {
            this.total = total;
            this.listener = listener;
        }

        void add(long n) {
            long now = done.addAndGet(n);
            long last = reported.get();
            if (now - last >= STEP && reported.compareAndSet(last, now)) {
                listener.bytesRead(now, total);
            }
        }
    }
}
