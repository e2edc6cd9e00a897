package dev.strata.compose;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.Redaction;
import dev.strata.StrataException;
import dev.strata.closure.StorePath;
import dev.strata.image.Compression;
import dev.strata.image.Digest;
import dev.strata.image.ManifestFormat;
import dev.strata.image.Platform;
import dev.strata.input.ImageReader;
import dev.strata.input.PullOptions;
import dev.strata.input.ReadListener;
import dev.strata.input.SourceImage;
import dev.strata.input.SourceLayer;
import dev.strata.input.StorePathsInLayers;
import dev.strata.inspect.ImageDiff;
import dev.strata.inspect.ImageInspection;
import dev.strata.inspect.LayerListing;
import dev.strata.inspect.WastedFiles;
import dev.strata.sbom.Inventory;
import dev.strata.sbom.InventoryLabel;
import dev.strata.sbom.Sbom;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Images opened for looking inside (any reference the image reader takes): {@code inspect} lists
 * every layer's files (each layer streamed once, checked against its digest, never extracted),
 * {@code diff} compares two images' layers and packages, {@code sbom IMAGE} describes one. An
 * image's packages come from its recorded inventory ({@link InventoryLabel}) when Strata built
 * it, else from the store path names in its layers.
 */
final class Inspections {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path cacheDir;
    private final PullOptions pulls;
    private final Platform wanted;

    Inspections(Path cacheDir, PullOptions pulls, Platform wanted) {
        this.cacheDir = cacheDir;
        this.pulls = pulls;
        this.wanted = wanted;
    }

    ImageInspection inspect(String reference, ProgressListener listener) {
        try (SourceImage image = open(reference, listener)) {
            List<ImageInspection.Layer> layers = new ArrayList<>();
            List<LayerListing> listings = new ArrayList<>();
            for (int i = 0; i < image.layers().size(); i++) {
                SourceLayer l = image.layers().get(i);
                listener.on(ProgressEvent.progress(PipelineStep.BASE, "listing layer " + (i + 1) + " of "
                        + image.layers().size(), i, image.layers().size()));
                LayerListing listing;
                try (InputStream in = image.openLayerTar(i)) {
                    listing = LayerListing.read(in);
                } catch (IOException | IllegalArgumentException e) {
                    throw new StrataException("cannot list layer " + (i + 1) + " of " + reference + ": " + e.getMessage()
                            + "; the image is damaged or its layers are not tars");
                }
                listings.add(listing);
                layers.add(new ImageInspection.Layer(l.digest().toString(), l.diffId().toString(), l.size(),
                        listing.uncompressedSize(), mediaType(image, l.compression()), listing));
            }
            Set<StorePath> paths = new LinkedHashSet<>();
            listings.forEach(l -> paths.addAll(l.storePaths()));
            return new ImageInspection(reference, image.digest().toString(), Digest.of(image.config().bytes()).toString(),
                    image.platform().describe(), configObject(image), layers, WastedFiles.of(listings),
                    inventory(image, paths));
        }
    }

    ImageDiff diff(String from, String to, ProgressListener listener) {
        try (SourceImage a = open(from, listener); SourceImage b = open(to, listener)) {
            return ImageDiff.of(layers(a), inventory(a, null), layers(b), inventory(b, null));
        }
    }

    /** One side of a diff: an image's layers (lowest first) and packages. */
    record Side(List<ImageDiff.Layer> layers, Inventory packages) { }

    Side side(String reference, ProgressListener listener) {
        try (SourceImage image = open(reference, listener)) {
            return new Side(layers(image), inventory(image, null));
        }
    }

    Sbom sbom(String reference, ProgressListener listener) {
        try (SourceImage image = open(reference, listener)) {
            return Sboms.ofConfig(image.config().bytes(), reference)
                    .orElseGet(() -> new Sbom(inventory(image, null), reference, Sboms.created(readConfig(image)),
                            Sboms.toolVersion()));
        }
    }

    private SourceImage open(String reference, ProgressListener listener) {
        listener.on(ProgressEvent.started(PipelineStep.BASE, "Reading " + Redaction.reference(reference)));
        SourceImage image = new ImageReader(cacheDir, pulls).open(reference, wanted, ReadListener.NONE);
        listener.on(ProgressEvent.finished(PipelineStep.BASE, Redaction.reference(reference) + " is " + image.digest()));
        return image;
    }

    private static List<ImageDiff.Layer> layers(SourceImage image) {
        return image.layers().stream().map(l -> new ImageDiff.Layer(l.digest().toString(), l.diffId().toString(),
                l.size())).toList();
    }

    /** The recorded inventory, else the store paths' names ({@code paths} known, or read from the layers). */
    private static Inventory inventory(SourceImage image, Set<StorePath> paths) {
        String label = image.config().labels().get(InventoryLabel.KEY);
        if (label != null) {
            return InventoryLabel.decode(label);
        }
        if (paths == null) {
            paths = new LinkedHashSet<>();
            for (List<StorePath> l : StorePathsInLayers.of(image)) {
                paths.addAll(l);
            }
        }
        return Inventory.ofStoreNames(paths);
    }

    private static String mediaType(SourceImage image, Compression compression) {
        ManifestFormat format = image.manifestType().contains("docker") || image.manifestType().isEmpty()
                ? ManifestFormat.DOCKER : ManifestFormat.OCI;
        try {
            return compression.layerMediaType(format);
        } catch (StrataException zstdInDocker) {
            return compression.layerMediaType(ManifestFormat.OCI);
        }
    }

    private static JsonNode readConfig(SourceImage image) {
        try {
            return JSON.readTree(image.config().bytes());
        } catch (IOException e) {
            throw new StrataException("the config of " + image.reference().text() + " is not JSON");
        }
    }

    private static String configObject(SourceImage image) {
        return readConfig(image).path("config").toString();
    }
}
