package dev.strata.compose;

import dev.strata.InputFiles;
import dev.strata.CacheDir;
import dev.strata.StrataException;
import dev.strata.closure.Closure;
import dev.strata.closure.StorePath;
import dev.strata.image.AddedFiles;
import dev.strata.image.AddedLayer;
import dev.strata.image.BaseImage;
import dev.strata.image.BaseTree;
import dev.strata.image.BlobStore;
import dev.strata.image.BuiltImage;
import dev.strata.image.BuiltLayer;
import dev.strata.image.CacheMaintenance;
import dev.strata.image.Digest;
import dev.strata.image.ImageBuilder;
import dev.strata.image.ImageConfig;
import dev.strata.image.ImageRecords;
import dev.strata.image.ManifestFormat;
import dev.strata.image.Platform;
import dev.strata.input.ImageSummary;
import dev.strata.input.PullOptions;
import dev.strata.input.SourceConfig;
import dev.strata.image.SizeEstimate;
import dev.strata.layering.LayerPlan;
import dev.strata.layering.PreviousPlan;
import dev.strata.layering.Popularity;
import dev.strata.nix.Expressions;
import dev.strata.nix.Nix;
import dev.strata.nix.PathInfoJson;
import dev.strata.nix.NixProgress;
import dev.strata.nix.PackageIndex;
import dev.strata.nix.PackageInfo;
import dev.strata.nix.PackageOutputs;
import dev.strata.nix.Realisation;
import dev.strata.output.OutputFormat;
import dev.strata.output.OutputMode;
import dev.strata.output.OutputTarget;
import dev.strata.inspect.ImageDiff;
import dev.strata.inspect.ImageInspection;
import dev.strata.sbom.Sbom;
import dev.strata.sbom.SbomFormat;
import dev.strata.source.CacheKeys;
import dev.strata.source.PackageSource;
import dev.strata.source.ResolvedSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The one way through the pipeline, shared by the GUI, the CLI and the server: resolve the
 * source, realise packages, plan layers, build and export the image. Faces hold no pipeline
 * logic of their own; they call this and listen to its progress events. Long calls run on the
 * caller's thread and stop when it is interrupted.
 */
public final class Composer {
    private final Nix nix;
    private final Path cacheDir;
    private final LayerPlanning planning;
    private final BaseImages bases;
    private final PullOptions pulls;
    private final LastPlans lastPlans;
    private final ImageRecords images;

    public Composer(Nix nix) {
        this(nix, CacheDir.resolve());
    }

    /** @param cacheDir where image blobs and the layer index live (normally {@link CacheDir#resolve()}) */
    public Composer(Nix nix, Path cacheDir) {
        this(nix, cacheDir, new LayerPlanning(), new BaseImages(cacheDir), PullOptions.defaults());
    }

    private Composer(Nix nix, Path cacheDir, LayerPlanning planning, BaseImages bases, PullOptions pulls) {
        this.nix = nix;
        this.cacheDir = cacheDir;
        this.planning = planning;
        this.bases = bases;
        this.pulls = pulls;
        this.images = ImageRecords.in(cacheDir);
        this.lastPlans = LastPlans.in(cacheDir, LastPlans.DEFAULT_LIMIT);
    }

    /**
     * This composer reading base images ({@code --from}) with these registry and daemon settings
     * ({@code --insecure}, {@code --ca-cert}, {@code --creds}, {@code --docker-host}).
     */
    public Composer withPullOptions(PullOptions options) {
        return new Composer(nix, cacheDir, planning, bases, options);
    }

    public static Composer fromEnvironment() {
        return new Composer(Nix.fromEnvironment(Nix.Options.defaults()));
    }

    /** @param nixTimeout null for the defaults */
    public static Composer fromEnvironment(Duration nixTimeout, boolean allowUnfree) {
        Nix.Options o = Nix.Options.defaults().withAllowUnfree(allowUnfree);
        return new Composer(Nix.fromEnvironment(nixTimeout == null ? o : o.withTimeout(nixTimeout)));
    }

    public Nix nix() {
        return nix;
    }

    public Path cacheDir() {
        return cacheDir;
    }

    /** Parses a source spec; null or blank means the default (nixpkgs where it resolves, else demo). */
    public PackageSource source(String spec) {
        return spec == null || spec.isBlank() ? nix.defaultSource() : PackageSource.parse(spec);
    }

    public ResolvedSource resolve(String spec, ProgressListener listener) {
        PackageSource source = source(spec);
        listener.on(ProgressEvent.started(PipelineStep.RESOLVE, "Resolving " + source.describe()));
        ResolvedSource resolved = nix.resolve(source);
        resolved.warnings().forEach(w -> listener.on(ProgressEvent.log(PipelineStep.RESOLVE, "warning: " + w)));
        listener.on(ProgressEvent.finished(PipelineStep.RESOLVE, resolved.description()));
        return resolved;
    }

    /** The package index of a source (evaluated once per source, then answered from memory). */
    public PackageIndex index(ResolvedSource source, ProgressListener listener) {
        listener.on(ProgressEvent.started(PipelineStep.SEARCH, "Listing the packages of " + source.description()));
        PackageIndex index = nix.index(source, nixListener(PipelineStep.SEARCH, listener));
        listener.on(ProgressEvent.finished(PipelineStep.SEARCH, index.size() + " packages"));
        return index;
    }

    /** Starts asking Nix for {@link #system} in the background, for a caller that needs it after other work. */
    public void askSystemEarly() {
        nix.askSystemEarly();
    }

    /** The Nix system images are built for, e.g. {@code x86_64-linux}. */
    public String system() {
        return nix.currentSystem();
    }

    /**
     * A key naming the image a recipe gives from an immutable source (its identity, the system, the
     * packages, the layering and image settings, and {@code purpose}); empty when the source can move.
     */
    public Optional<String> imageKey(ResolvedSource source, Recipe recipe, String purpose) {
        if (recipe.from() != null || !recipe.adds().isEmpty()) {
            return Optional.empty(); // a base's tag and added files can change without the recipe changing
        }
        return source.cacheKey().map(k -> CacheKeys.build(k, system(), recipe.packages(),
                List.of(purpose, recipe.imageSettings())));
    }

    /**
     * The manifests remembered under an image key ({@link #imageKey}), while every blob they name
     * is in the cache: an image built before, taken without running Nix.
     */
    public Optional<List<ImageRecords.Manifest>> rememberedImage(String key) {
        return images.recall(key);
    }

    /** Like {@link #rememberedImage(String)}, telling {@code corrupt} the digest of a cached blob found corrupt (and deleted). */
    public Optional<List<ImageRecords.Manifest>> rememberedImage(String key, Consumer<String> corrupt) {
        return images.recall(key, corrupt);
    }

    /** Forgets, until their next check, the remembered images that use this blob. */
    public void forgetImagesUsing(String digest) {
        images.forgetBlob(digest);
    }

    /** Remembers the manifests (in the cache already) an image key gave, for {@link #rememberedImage}. */
    public void rememberImage(String key, List<String> manifestDigests) {
        images.remember(key, manifestDigests);
    }

    /** The purpose in the image key of the image a recipe gives (shared by build and push; see {@link #imageKey}). */
    static final String IMAGE_PURPOSE = "image-v1";

    /**
     * Remembers an image built under an image key with what its layers hold, so that the next push
     * or build of the same recipe from the same immutable source takes it without Nix.
     */
    public void rememberImage(String key, BuiltImage image) {
        images.remember(key, List.of(image.manifestDigest().toString()), RememberedImage.notes(image));
    }

    /** As {@link #rememberImage(String, BuiltImage)} under the recipe's image key; nothing for a source that can move. */
    public void rememberImage(ResolvedSource source, Recipe recipe, BuiltImage image) {
        imageKey(source, recipe, IMAGE_PURPOSE).ifPresent(k -> rememberImage(k, image));
    }

    /**
     * The image a recipe gave before from this immutable source (a git commit, a locked flake, a
     * channel in the store), made whole from the cache without running Nix: its remembered
     * manifest, while every blob it names is in the cache and verifies (a blob changed since is
     * rehashed, found wrong and deleted, and the image is built again). Empty for a source that can
     * move, a recipe with a base image or added files, or an image not built before by this Strata.
     */
    public Optional<BuiltImage> rememberedBuild(ResolvedSource source, Recipe recipe, ProgressListener listener) {
        Optional<String> key = imageKey(source, recipe, IMAGE_PURPOSE);
        if (key.isEmpty()) {
            return Optional.empty();
        }
        Optional<List<ImageRecords.Manifest>> manifests = images.recall(key.get());
        Optional<List<ImageRecords.LayerNote>> notes = images.recallLayers(key.get());
        if (manifests.isEmpty() || notes.isEmpty()) {
            return Optional.empty();
        }
        Optional<BuiltImage> image = RememberedImage.of(BlobStore.in(cacheDir), manifests.get().get(0), notes.get(),
                recipe.compression());
        image.ifPresent(i -> listener.on(ProgressEvent.finished(PipelineStep.IMAGE, "image " + i.manifestDigest()
                + " built before from " + source.description() + ": taken from the cache without running Nix")));
        return image;
    }

    /** Saves an image already built (e.g. {@link #rememberedBuild}) as {@link #build} saves a new one. */
    public BuildResult save(BuiltImage image, Recipe recipe, OutputFormat format, Path output, OutputMode mode,
                            ProgressListener listener) {
        checkBuild(recipe, format, output);
        return Exports.save(image, recipe, format, output, mode, listener);
    }

    /** As {@link #save(BuiltImage, Recipe, OutputFormat, Path, OutputMode, ProgressListener)} to a stream. */
    public BuildResult save(BuiltImage image, Recipe recipe, OutputFormat format, OutputStream out,
                            ProgressListener listener) {
        Exports.checkSave(recipe, format);
        return Exports.save(image, recipe, format, out, listener);
    }

    /** The package index of a source as a {@link PackageCatalog}, for faces that keep it (the GUI's search). */
    public PackageCatalog catalog(ResolvedSource source, ProgressListener listener) {
        return new PackageCatalog(index(source, listener));
    }

    public List<PackageInfo> search(String sourceSpec, String query, int limit, ProgressListener listener) {
        return index(resolve(sourceSpec, listener), listener).search(query, limit);
    }

    /** Builds the recipe's packages and reads their closure; close the result to drop its GC root. */
    public Realisation realise(Recipe recipe, ProgressListener listener) {
        ResolvedSource source = resolve(recipe.source(), listener);
        return realise(source, recipe, listener);
    }

    public Realisation realise(ResolvedSource source, Recipe recipe, ProgressListener listener) {
        Nix.Options wanted = nix.options().withAllowUnfree(recipe.allowUnfree()).withAllowBroken(recipe.allowBroken());
        Nix n = wanted.equals(nix.options()) ? nix : nix.withOptions(wanted);
        // Announced once Nix found every name: a misspelt package is refused with nothing said to start.
        Realisation r = n.realise(source, recipe.packages(), recipe.expressions(),
                () -> listener.on(ProgressEvent.started(PipelineStep.NIX_BUILD, "Building " + roots(recipe))),
                nixListener(PipelineStep.NIX_BUILD, listener));
        listener.on(ProgressEvent.finished(PipelineStep.NIX_BUILD, r.closure().size() + " store paths"));
        return r;
    }

    /**
     * Refuses expressions that cannot be handed to Nix (blank, too long, control characters) in a
     * sentence, before anything runs: for faces that check what is typed.
     */
    public static List<String> checkExpressions(List<String> expressions) {
        return Expressions.check(expressions);
    }

    /** An expression on one short line, as messages and lists show it. */
    public static String shortExpression(String expression) {
        return Expressions.shown(expression);
    }

    /** The recipe's packages and expressions, as progress messages name them. */
    public static String roots(Recipe recipe) {
        List<String> names = new ArrayList<>(recipe.packages());
        recipe.expressions().forEach(e -> names.add(shortExpression(e)));
        return String.join(", ", names);
    }

    /**
     * A closure saved with {@code nix path-info --json --recursive} (either shape), with the given
     * roots (store paths as text) or, when none are given, the paths nothing references.
     */
    public static Closure readClosure(Path file, List<String> roots) {
        List<StorePath> rootPaths = new ArrayList<>();
        for (String r : roots) {
            try {
                rootPaths.add(StorePath.of(r));
            } catch (IllegalArgumentException e) {
                throw new StrataException("--root " + r + " is not a store path; write /nix/store/HASH-NAME");
            }
        }
        try (InputStream in = InputFiles.open(file, "the closure file " + file)) {
            return Closure.of(PathInfoJson.parse(in, file.toString()), rootPaths);
        } catch (NoSuchFileException e) {
            throw new StrataException("the closure file " + file + " does not exist; save one with "
                    + "nix path-info --json --recursive PATHS > FILE");
        } catch (IOException e) {
            throw new StrataException("cannot read the closure file " + file + ": " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new StrataException(file + ": " + e.getMessage());
        }
    }

    /** A package's installed outputs without building it, and their closure size when already built. */
    public PackageOutputs outputs(ResolvedSource source, String attrPath, ProgressListener listener) {
        return nix.outputs(source, attrPath, nixListener(PipelineStep.SEARCH, listener));
    }

    /**
     * The pins that match nothing in a realisation: no requested package and no store path (or
     * store path name) of its closure. A pin made for other packages, or another package set.
     */
    public List<String> unmatchedPins(Realisation realisation, List<String> pins) {
        return LayerPlanning.unmatchedPins(realisation, pins);
    }

    /**
     * The layer plan of realised packages, exactly as it will be built: the recipe's strategy,
     * popularity data and pins, and its {@code maxLayers} less one for the top symlink layer.
     */
    public LayerPlan plan(Realisation realisation, Recipe recipe, ProgressListener listener) {
        return plan(realisation, recipe, Optional.empty(), listener);
    }

    /**
     * As {@link #plan(Realisation, Recipe, ProgressListener)}, keeping the layers of a previous build
     * that are still valid exactly as they were ({@code --previous}; see docs/layering.md).
     */
    public LayerPlan plan(Realisation realisation, Recipe recipe, Optional<PreviousPlan> previous,
                          ProgressListener listener) {
        return planning.plan(realisation, recipe, fixedLayers(recipe, listener), previous, listener);
    }

    /**
     * The layers a recipe's image has besides its store layers, which its layer budget counts: the
     * base image's, the top symlink layer, and one per added files entry.
     */
    public LayerCount fixedLayers(Recipe recipe, ProgressListener listener) {
        int base = recipe.from() == null ? 0 : bases.open(recipe.from(), platform(), pulls, listener).layers().size();
        return new LayerCount(base, recipe.adds().size());
    }

    /**
     * Opens the recipe's base image ({@code --from}): its manifest and config read and checked, a
     * tag resolved to a digest (kept for this composer's builds), nothing large read yet. Empty
     * without a base. Faces call it before Nix runs, so a bad reference fails at once.
     */
    public Optional<ImageSummary> base(Recipe recipe, ProgressListener listener) {
        return recipe.from() == null ? Optional.empty()
                : Optional.of(bases.open(recipe.from(), platform(), pulls, listener).summary());
    }

    /**
     * Checks what a recipe takes from outside the package set before anything is built: every
     * {@code --add} source exists and holds only files, directories and links, and the base image
     * opens (see {@link #base}) and is for the packages' platform.
     */
    public void checkInputs(Recipe recipe, ProgressListener listener) {
        recipe.adds().forEach(AddedLayer::check);
        base(recipe, listener).ifPresent(b -> platform().requireBase(b.reference(), b.platform()));
    }

    /** The bytes of file content an {@code --add} puts in its layer (its tree is read, and checked, now). */
    public long addedBytes(AddedFiles add) {
        return AddedLayer.check(add);
    }

    /** Opens a base image reference anew (the window's check): a tag is resolved again. */
    public ImageSummary checkBase(String reference, ProgressListener listener) {
        return bases.reopen(reference, platform(), pulls, listener);
    }

    /** The platform images are built for: the Nix system's. */
    public Platform platform() {
        return Platform.ofNixSystem(system());
    }

    /**
     * The layer plan of a saved closure ({@code plan --closure}). There is no symlink layer, so
     * {@code maxLayers} counts store layers alone (1 to 125). Pins name store paths or names.
     */
    public LayerPlan planClosure(Closure closure, String strategy, int maxLayers, String popularity, List<String> pins,
                                 ProgressListener listener) {
        return planning.planClosure(closure, strategy, maxLayers, popularity, pins, Optional.empty(), listener);
    }

    /** As {@link #planClosure(Closure, String, int, String, List, ProgressListener)} with a previous build. */
    public LayerPlan planClosure(Closure closure, String strategy, int maxLayers, String popularity, List<String> pins,
                                 Optional<PreviousPlan> previous, ProgressListener listener) {
        return planning.planClosure(closure, strategy, maxLayers, popularity, pins, previous, listener);
    }

    /** Popularity data from a file or URL (null: none), cached per file version or URL. */
    public Popularity popularity(String fileOrUrl) {
        return planning.popularity(fileOrUrl);
    }

    /** Counts popularity by building every evaluable, non-broken package of a source in the local store. */
    public PopularityResult computePopularity(String sourceSpec, boolean allowUnfree, ProgressListener listener) {
        return PopularityCounting.ofSource(this, sourceSpec, allowUnfree, listener);
    }

    /** Counts popularity from a binary cache's narinfos for the listed paths and everything they reference. */
    public static PopularityResult computePopularity(String binaryCacheUrl, List<StorePath> paths, int jobs,
                                                     ProgressListener listener) {
        return PopularityCounting.ofBinaryCache(binaryCacheUrl, paths, jobs, listener);
    }

    /** Store paths listed one per line (# comments and blank lines skipped). */
    public static List<StorePath> readPathList(Path file) {
        return PopularityCounting.readPathList(file);
    }

    /**
     * The stored size of a plan's store layers under the recipe's compression, before building:
     * exact for layers in the cache, estimated from the NAR size for the others ({@link SizeEstimate}).
     * Reads the cache index; call it off the FX thread.
     */
    public SizeEstimate estimate(LayerPlan plan, Recipe recipe) {
        return ImageBuild.estimate(cacheDir, plan, recipe);
    }

    /**
     * Writes the image of realised packages as the plan lays it out (layers reused from the cache
     * where they are there), with the recipe's config, compression, manifest format and creation
     * time, into the blob store. For push, load and serve; {@link #build} also saves it. Interrupt
     * the calling thread to cancel (a {@link java.util.concurrent.CancellationException} follows).
     */
    public BuiltImage assemble(Realisation realisation, LayerPlan plan, Recipe recipe, ProgressListener listener) {
        return assemble(realisation, plan, recipe, listener, layer -> { });
    }

    /**
     * As {@link #assemble(Realisation, LayerPlan, Recipe, ProgressListener)}, telling {@code layerReady}
     * of each layer the moment its blob is in the cache (written or reused; from the builder's
     * threads), so that a push can start sending it while later layers are compressed.
     */
    public BuiltImage assemble(Realisation realisation, LayerPlan plan, Recipe recipe, ProgressListener listener,
                               Consumer<BuiltLayer> layerReady) {
        BaseImage base = recipe.from() == null ? null : bases.fetch(recipe.from(), platform(), pulls, listener);
        checkProgram(realisation, recipe, listener).filter(c -> !c.found()).ifPresent(c ->
                listener.on(ProgressEvent.log(PipelineStep.LAYERS, "warning: " + c.warning())));
        return ImageBuild.assemble(cacheDir, realisation, plan, recipe, base, listener, layerReady);
    }

    /**
     * Whether a container of the recipe's image finds the program it runs (the entrypoint's first
     * word, else the command's, on the image's PATH) in the packages, the added files or the base
     * image's layers; empty when the config runs nothing. A base's layers are brought into the
     * cache first, as a build does, and their names read once per cache ({@link BaseTree}). Reads
     * files and may download: call it off the FX thread; interrupt to cancel.
     */
    public Optional<ProgramCheck> checkProgram(Realisation realisation, Recipe recipe, ProgressListener listener) {
        if (runs(recipe).isEmpty()) {
            return Optional.empty(); // the base's own entrypoint is the base's business
        }
        ImageConfig c = recipe.config();
        boolean onBase = recipe.from() != null;
        // What the image runs on a base: the base's entrypoint stays unless the recipe sets one, and
        // PATH is Strata's /bin then the base's (ImageJson.configOnBase).
        SourceConfig below = onBase ? bases.open(recipe.from(), platform(), pulls, listener).config() : null;
        List<String> entrypoint = !c.entrypoint().isEmpty() || below == null ? c.entrypoint() : below.entrypoint();
        List<String> run = !entrypoint.isEmpty() ? entrypoint : c.cmd();
        List<String> path = ImageFiles.pathOf(c, below == null ? List.of() : below.env());
        BaseTree tree = onBase ? bases.tree(recipe.from(), platform(), pulls, listener) : BaseTree.NONE;
        return Optional.of(new ProgramCheck(run.get(0), path,
                ImageFiles.exists(realisation, recipe.adds(), tree, run.get(0), path), !recipe.adds().isEmpty(),
                recipe.from()));
    }

    /** The recipe's own entrypoint, else its command: empty when it sets neither (nothing of its own to check). */
    private static List<String> runs(Recipe recipe) {
        ImageConfig c = recipe.config();
        return !c.entrypoint().isEmpty() ? c.entrypoint() : c.cmd();
    }

    /**
     * {@link #assemble} and save the image to {@code output} in the given format, named by the
     * recipe's tag: what {@code strata build} and the window's Save do ({@link Exports}).
     *
     * @param format null to choose from the path (a .tar file is an OCI archive, else a layout directory)
     * @param mode what happens to an OCI layout already at {@code output}: the image is added, or it replaces it
     */
    public BuildResult build(Realisation realisation, LayerPlan plan, Recipe recipe, OutputFormat format, Path output,
                             OutputMode mode, ProgressListener listener) {
        checkBuild(recipe, format, output);
        BuiltImage image = assemble(realisation, plan, recipe, listener);
        BuildResult result = Exports.save(image, recipe, format, output, mode, listener);
        rememberBuild(recipe, plan);
        return result;
    }

    /**
     * Remembers the plan of a build of {@code recipe} (saved, pushed or loaded), so that the next
     * plan of the same recipe can show what it costs a host holding this one ({@link #lastBuild}).
     */
    public void rememberBuild(Recipe recipe, LayerPlan plan) {
        lastPlans.remember(LastPlans.key(recipe), plan);
    }

    /** The plan of the last build of the same recipe: the same source and roots, whatever its other settings. */
    public Optional<PreviousPlan> lastBuild(Recipe recipe) {
        return lastPlans.recall(LastPlans.key(recipe), "the last build of this recipe");
    }

    /**
     * {@link #assemble} and write the image as an archive to a stream ({@code strata build -o -}).
     *
     * @param format null for the docker-archive, which both Docker and OCI tools read
     */
    public BuildResult build(Realisation realisation, LayerPlan plan, Recipe recipe, OutputFormat format,
                             OutputStream out, ProgressListener listener) {
        Exports.checkSave(recipe, format);
        BuiltImage image = assemble(realisation, plan, recipe, listener);
        BuildResult result = Exports.save(image, recipe, format, out, listener);
        rememberBuild(recipe, plan);
        return result;
    }

    /**
     * Refuses a build whose output could not be written (a bad name, Docker manifests for an OCI
     * format, a special file, a file for a layout or a directory for an archive, a directory that
     * is not writable) before anything is realised or written, and tells what is at the path now
     * (an OCI layout there, say, which a face may ask about); {@link #build} checks it too.
     */
    public OutputTarget checkBuild(Recipe recipe, OutputFormat format, Path output) {
        return Exports.checkSave(recipe, format, output);
    }

    /** As {@link #checkBuild(Recipe, OutputFormat, Path)} for a stream (null: the docker-archive). */
    public void checkBuild(Recipe recipe, OutputFormat format) {
        Exports.checkSave(recipe, format);
    }

    /**
     * The same image with its manifest in the other dialect (OCI or Docker schema 2), over the same
     * config and layer blobs; nothing is rebuilt. zstd images have no Docker form.
     */
    public BuiltImage inFormat(BuiltImage image, ManifestFormat format) {
        return ImageBuilder.inCache(cacheDir).inFormat(image, format);
    }

    /**
     * A cached blob's file by digest ({@code sha256:<hex>}), when it is present and verifies (see
     * {@link dev.strata.image.BlobStore#verify}); a corrupt one is deleted and not returned.
     */
    public Optional<Path> cachedBlob(String digest) {
        return cachedBlob(digest, corrupt -> { });
    }

    /** Like {@link #cachedBlob(String)}, telling {@code corrupt} the digest of a blob found corrupt (and deleted). */
    public Optional<Path> cachedBlob(String digest, Consumer<String> corrupt) {
        Digest d;
        try {
            d = Digest.parse(digest);
        } catch (StrataException e) {
            return Optional.empty();
        }
        BlobStore blobs = BlobStore.in(cacheDir);
        boolean present = blobs.contains(d);
        if (blobs.verify(d, -1)) {
            return Optional.of(blobs.path(d));
        }
        if (present) {
            corrupt.accept(digest);
        }
        return Optional.empty();
    }

    /**
     * The SBOM of realised packages as {@code strata sbom RECIPE} gives it: no image is built, so
     * it stands for the recipe's creation time (the epoch unless {@code created} is now).
     */
    public Sbom sbom(Realisation realisation, Recipe recipe) {
        return Sboms.of(realisation, recipe, recipe.created().instant());
    }

    /**
     * The SBOM an image's config records (every image Strata builds carries its inventory), named
     * {@code name}: what {@code build/push/load --sbom} write and {@code strata sbom IMAGE} reads.
     * Empty for a config without the record (an image Strata did not build).
     */
    public static Optional<Sbom> sbomOfConfig(byte[] config, String name) {
        return Sboms.ofConfig(config, name);
    }

    /**
     * Inspects any image ({@code oci:DIR[:TAG]}, {@code oci-archive:FILE}, {@code docker-archive:FILE},
     * {@code docker://HOST/REPO:TAG}, {@code docker-daemon:NAME:TAG}): its layers' files, store paths
     * and wasted bytes, its config and packages.
     */
    public ImageInspection inspect(String reference, ProgressListener listener) {
        return inspections().inspect(reference, listener);
    }

    /** What a host holding image {@code from} must pull for image {@code to}, and the packages changed. */
    public ImageDiff diff(String from, String to, ProgressListener listener) {
        return inspections().diff(from, to, listener);
    }

    /**
     * A recipe inspected without building its image: its packages realised and planned as a build
     * would, and the store layers of that plan with digests where the layer cache holds them and
     * sizes estimated from NAR sizes elsewhere ({@link ImageInspection#planned}).
     */
    public ImageInspection inspectPlanned(Recipe recipe, String name, ProgressListener listener) {
        try (Realisation r = realise(recipe, listener)) {
            LayerPlan plan = plan(r, recipe, listener);
            return PlannedImages.inspection(cacheDir, name, plan, recipe, Sboms.inventory(r), platform());
        }
    }

    /**
     * {@link #diff(String, String, ProgressListener)} where either side may be a recipe, planned and
     * not built ({@link #inspectPlanned}): a {@code null} recipe reads that side's reference as an
     * image. A planned layer the cache does not hold counts as pulled.
     */
    public ImageDiff diff(String from, Recipe fromRecipe, String to, Recipe toRecipe, ProgressListener listener) {
        Inspections.Side a = side(from, fromRecipe, listener);
        Inspections.Side b = side(to, toRecipe, listener);
        return ImageDiff.of(a.layers(), a.packages(), b.layers(), b.packages());
    }

    private Inspections.Side side(String name, Recipe recipe, ProgressListener listener) {
        if (recipe == null) {
            return inspections().side(name, listener);
        }
        try (Realisation r = realise(recipe, listener)) {
            LayerPlan plan = plan(r, recipe, listener);
            ImageInspection planned = PlannedImages.inspection(cacheDir, name, plan, recipe, Sboms.inventory(r),
                    platform());
            return new Inspections.Side(PlannedImages.diffLayers(planned, plan), planned.packages());
        }
    }

    /** The SBOM of any image: its recorded inventory, else the store path names in its layers. */
    public Sbom sbomOfImage(String reference, ProgressListener listener) {
        return inspections().sbom(reference, listener);
    }

    private Inspections inspections() {
        return new Inspections(cacheDir, pulls, Platform.ofNixSystem(system()));
    }

    /** Refuses an SBOM file that cannot be written (a directory, a missing parent), in the words of {@code option}. */
    public static void checkSbomFile(Path file, String option) {
        Sboms.checkTarget(file, option);
    }

    /** Writes an SBOM document to a file, atomically. */
    public static void writeSbom(Sbom sbom, SbomFormat format, Path file) {
        Sboms.write(sbom, format, file);
    }

    /** Rehashes every cached blob; corrupt ones are deleted (builds write them again). */
    public CacheMaintenance.VerifyReport verifyCache(ProgressListener listener) {
        return ImageBuild.verifyCache(cacheDir, listener);
    }

    /** Removes cached blobs that no image built within {@code maxAge} uses. */
    public CacheMaintenance.GcReport gcCache(Duration maxAge, ProgressListener listener) {
        return ImageBuild.gcCache(cacheDir, maxAge, listener);
    }

    static NixProgress.Listener nixListener(PipelineStep stage, ProgressListener listener) {
        return new NixProgress.Listener() {
            @Override
            public void progress(NixProgress p) {
                String msg = !p.running().isEmpty() ? "building " + String.join(", ", p.running())
                        : p.failed() > 0 ? (p.built() > 0 ? "built " + p.built() + ", " : "") + p.failed()
                                + (p.failed() == 1 ? " build failed" : " builds failed")
                        : p.toBuild() == 0 ? "nothing to build: already in the store"
                        : "built " + p.built() + " of " + p.toBuild();
                listener.on(ProgressEvent.progress(stage, msg, p.built(), p.toBuild()));
            }

            @Override
            public void log(String line) {
                listener.on(ProgressEvent.log(stage, line));
            }
        };
    }
}
