package dev.strata.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.StrataException;
import dev.strata.compose.Composer;
import dev.strata.compose.LastPlans;
import dev.strata.compose.PackageCatalog;
import dev.strata.compose.ProgressListener;
import dev.strata.compose.Recipe;
import dev.strata.compose.UpstreamRegistry;
import dev.strata.image.BuiltImage;
import dev.strata.image.Compression;
import dev.strata.image.ManifestFormat;
import dev.strata.layering.LayerPlan;
import dev.strata.layering.PreviousPlan;
import dev.strata.layering.PullCost;
import dev.strata.nix.Realisation;
import dev.strata.source.PackageSource;
import dev.strata.source.ResolvedSource;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Images for the registry server, made by the same pipeline as every other face: resolve the
 * source (for git sources the tag names the branch, tag or commit, {@code latest} the default
 * branch), realise, plan, assemble once with OCI media types and once more as Docker schema 2 over
 * the same blobs. For immutable sources the pair of manifests is remembered ({@link Composer#rememberImage})
 * by a key of the source's identity, the system, the packages and the layering settings, so a
 * repeated request costs no Nix call, across restarts too. Each build is planned against the last
 * plan built for the same name from the same source and settings ({@link LastPlans}, any tag), so a
 * host that pulled the last image pulls only what changed: the server's {@code --previous}.
 *
 * <p>With an {@link UpstreamRegistry} every built image is stored there before its manifests are
 * served or remembered (so a remembered image is one the registry holds), blobs are read there
 * (clients are redirected) and manifests by digest that this server never built are read back from
 * it, checked against their digest.
 */
public final class PipelineImages implements ImageService {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** What Nixery's "shell" meta-package adds, each the first of its alternatives the set provides. */
    static final List<List<String>> SHELL = List.of(List.of("bashInteractive", "bash", "busybox"),
            List.of("coreutils", "busybox"), List.of("moreutils"), List.of("nano"));

    private final Composer composer;
    private final String sourceSpec;
    private final Recipe template;
    private final Consumer<String> log;
    private final Optional<UpstreamRegistry> upstream;
    private final LastPlans lastPlans;

    /**
     * @param template layering and image settings applied to every image (its packages are ignored;
     *                 layers are always gzip so that Docker schema 2 manifests can describe them)
     */
    public PipelineImages(Composer composer, String sourceSpec, Recipe template, Consumer<String> log) {
        this(composer, sourceSpec, template, log, Optional.empty());
    }

    /** As the other constructor; every image built is stored in {@code upstream} before it is served. */
    public PipelineImages(Composer composer, String sourceSpec, Recipe template, Consumer<String> log,
                          Optional<UpstreamRegistry> upstream) {
        this.upstream = upstream;
        this.composer = composer;
        this.sourceSpec = sourceSpec;
        this.template = template.toBuilder().compression(Compression.GZIP).manifestFormat(ManifestFormat.OCI).build();
        this.log = log;
        this.lastPlans = LastPlans.in(composer.cacheDir(), LastPlans.DEFAULT_LIMIT);
    }

    /** A request pinned to a source and a package list, with its cache key when the source is immutable. */
    private record Pinned(ResolvedSource source, String spec, List<String> packages, Recipe recipe, Optional<String> key,
                          String lastPlanKey) {}

    private Pinned pin(ImageRequest request) {
        String spec = sourceFor(request.tag());
        ResolvedSource source = composer.resolve(spec, ProgressListener.NONE);
        List<String> packages = new ArrayList<>(request.packages());
        if (request.shell()) {
            packages.addAll(0, shellPackages(source));
        }
        List<String> sorted = packages.stream().distinct().sorted().toList();
        Recipe recipe = template.toBuilder().source(spec).packages(sorted).build();
        Optional<String> key = composer.imageKey(source, recipe,
                upstream.map(u -> "serve-v1 upstream " + u.describe()).orElse("serve-v1"));
        // The name as requested (its tag left out: tags are the versions that follow each other).
        List<String> name = new ArrayList<>(request.packages().stream().distinct().sorted().toList());
        name.add(0, request.shell() ? "shell" : "no-shell");
        return new Pinned(source, spec, sorted, recipe, key, LastPlans.key(sourceSpec, name, template));
    }

    @Override
    public Optional<Manifests> cached(ImageRequest request) {
        return pin(request).key().flatMap(this::recall);
    }

    @Override
    public Manifests build(ImageRequest request) {
        Pinned p = pin(request);
        if (p.key().isPresent()) {
            Optional<Manifests> known = recall(p.key().get());
            if (known.isPresent()) {
                return known.get();
            }
        }
        long started = System.nanoTime();
        Manifests built;
        String kept;
        try (Realisation r = composer.realise(p.source(), p.recipe(), ProgressListener.NONE)) {
            Optional<PreviousPlan> last = lastPlans.recall(p.lastPlanKey(), "the last build of " + request.name());
            LayerPlan plan = composer.plan(r, p.recipe(), last, ProgressListener.NONE);
            kept = last.map(l -> "; " + PullCost.of(plan, l).layers().stream().filter(PullCost.LayerCost::reusedByDigest)
                    .count() + " of " + plan.layers().size() + " store layers as in the last build of this name").orElse("");
            BuiltImage oci = composer.assemble(r, plan, p.recipe(), ProgressListener.NONE);
            BuiltImage docker = composer.inFormat(oci, ManifestFormat.DOCKER);
            built = new Manifests(manifest(oci), manifest(docker));
            upstream.ifPresent(u -> u.publish(request.canonicalName(), request.tag(), oci, docker));
            lastPlans.remember(p.lastPlanKey(), plan); // only what was built is the last build
        }
        log.accept("built " + request.name() + ":" + request.tag() + " (" + String.join(" ", p.packages()) + ") in "
                + (System.nanoTime() - started) / 1_000_000 + " ms: " + built.oci().digest() + kept);
        p.key().ifPresent(k -> remember(k, built));
        return built;
    }

    /** The source for a tag: git sources take the tag as the ref ({@code latest}: the default branch). */
    String sourceFor(String tag) {
        PackageSource source = composer.source(sourceSpec);
        if (source instanceof PackageSource.Git g && !tag.equals("latest")) {
            return new PackageSource.Git(g.url(), Optional.of(tag)).spec();
        }
        return source.spec();
    }

    private List<String> shellPackages(ResolvedSource source) {
        PackageCatalog index = composer.catalog(source, ProgressListener.NONE);
        List<String> out = new ArrayList<>();
        for (List<String> alternatives : SHELL) {
            alternatives.stream().filter(a -> index.get(a).isPresent()).findFirst().ifPresent(out::add);
        }
        if (out.isEmpty() || !SHELL.get(0).contains(out.get(0))) {
            // Without this the image was built without a shell and the pull succeeded.
            throw new StrataException("the image name asks for a shell ('shell'), but " + source.description()
                    + " has none of " + String.join(", ", SHELL.get(0))
                    + "; leave 'shell' out and name the packages the image needs instead");
        }
        return out;
    }

    private static Manifest manifest(BuiltImage image) {
        return new Manifest(image.manifestBytes(), image.manifestMediaType(), image.manifestDigest().toString());
    }

    @Override
    public Optional<Manifest> manifestByDigest(String digest) {
        Optional<Path> file = composer.cachedBlob(digest, this::corrupt);
        if (file.isEmpty()) {
            return Optional.empty();
        }
        try {
            byte[] bytes = Files.readAllBytes(file.get());
            JsonNode json = JSON.readTree(bytes);
            String type = json.path("mediaType").asText("");
            if (!type.equals(RegistryServer.OCI_MANIFEST) && !type.equals(RegistryServer.DOCKER_MANIFEST)) {
                return Optional.empty(); // a layer or config blob, not a manifest
            }
            return Optional.of(new Manifest(bytes, type, digest));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    @Override
    public Optional<Manifest> manifestByDigest(String name, String digest) {
        Optional<Manifest> here = manifestByDigest(digest);
        if (here.isPresent() || upstream.isEmpty()) {
            return here;
        }
        String canonical = ImageRequest.parse(name, "latest").canonicalName();
        return upstream.get().manifest(canonical, digest).map(m -> new Manifest(m.bytes(), m.mediaType(), m.digest()));
    }

    @Override
    public Optional<Path> blob(String digest) {
        return composer.cachedBlob(digest, this::corrupt);
    }

    @Override
    public Optional<URI> blobElsewhere(String name, String digest) {
        return upstream.filter(UpstreamRegistry::redirects)
                .map(u -> u.blobUrl(ImageRequest.parse(name, "latest").canonicalName(), digest));
    }

    /** A cached blob failed its digest check and was deleted: say so, and rebuild its images on their next pull. */
    private void corrupt(String digest) {
        composer.forgetImagesUsing(digest);
        log.accept("cached blob " + digest + " was corrupt (its bytes no longer match its digest): deleted it; "
                + "the next pull of an image that uses it builds it again");
    }

    /** The two manifests remembered under the key: OCI first, then Docker schema 2. */
    private Optional<Manifests> recall(String key) {
        return composer.rememberedImage(key, this::corrupt).filter(m -> m.size() == 2).map(m -> new Manifests(
                new Manifest(m.get(0).bytes(), RegistryServer.OCI_MANIFEST, m.get(0).digest()),
                new Manifest(m.get(1).bytes(), RegistryServer.DOCKER_MANIFEST, m.get(1).digest())));
    }

    private void remember(String key, Manifests m) {
        composer.rememberImage(key, List.of(m.oci().digest(), m.docker().digest()));
    }
}
