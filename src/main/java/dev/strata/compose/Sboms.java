package dev.strata.compose;

import dev.strata.closure.StorePath;
import dev.strata.image.BaseImage;
import dev.strata.image.BlobStore;
import java.io.BufferedInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.AtomicFile;
import dev.strata.StrataException;
import dev.strata.image.ImageConfig;
import dev.strata.nix.Realisation;
import dev.strata.sbom.Inventory;
import dev.strata.sbom.InventoryLabel;
import dev.strata.sbom.Sbom;
import dev.strata.sbom.SbomFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * SBOMs of what the pipeline builds: the inventory of a realisation (its closure and the package
 * set's metadata), recorded in every image's config as the {@link InventoryLabel} so that an
 * image can be described later without Nix, and the documents written from it.
 */
final class Sboms {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Sboms() {}

    static Inventory inventory(Realisation r) {
        return Inventory.of(r.closure(), r.meta());
    }

    /** The recipe's image config with the inventory label added (Strata's own label wins over one of the same key). */
    static ImageConfig withInventory(ImageConfig config, Realisation r) {
        Map<String, String> labels = new LinkedHashMap<>(config.labels());
        labels.put(InventoryLabel.KEY, InventoryLabel.encode(inventory(r)));
        return config.withLabels(labels);
    }

    /**
     * As {@link #withInventory(ImageConfig, Realisation)} for an image built on {@code base} (null
     * for none): the base's contents are added as far as they can be known ({@link #baseItems}).
     */
    static ImageConfig withInventory(ImageConfig config, Realisation r, BaseImage base, Path cacheDir) {
        if (base == null) {
            return withInventory(config, r);
        }
        Inventory inventory = inventory(r);
        Inventory.Base named;
        List<Inventory.Item> items;
        Optional<Sbom> recorded = ofConfig(base.config(), base.reference());
        if (recorded.isPresent()) {
            items = recorded.get().inventory().items();
            named = new Inventory.Base(base.reference(), base.manifestDigest().toString(), Inventory.BaseContents.RECORDED);
        } else {
            items = Inventory.ofStoreNames(storePathsIn(base, cacheDir)).items();
            named = new Inventory.Base(base.reference(), base.manifestDigest().toString(), items.isEmpty()
                    ? Inventory.BaseContents.NOT_INVENTORIED : Inventory.BaseContents.STORE_NAMES);
        }
        Map<String, String> labels = new LinkedHashMap<>(config.labels());
        labels.put(InventoryLabel.KEY, InventoryLabel.encode(inventory.withBase(named, items)));
        return config.withLabels(labels);
    }

    /**
     * The store paths in a base image's layers (entries {@code nix/store/HASH-NAME} or below, as
     * inspect finds them), each layer blob read once from the blob store, where fetching the base put
     * it after checking its digest.
     */
    static Set<StorePath> storePathsIn(BaseImage base, Path cacheDir) {
        BlobStore blobs = BlobStore.in(cacheDir);
        Set<StorePath> paths = new TreeSet<>();
        for (BaseImage.BaseLayer l : base.layers()) {
            try (InputStream in = l.compression().decompressing(
                    new BufferedInputStream(Files.newInputStream(blobs.path(l.digest())), 1 << 16));
                 TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
                for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                    StorePath.ofLayerEntry(e.getName()).ifPresent(paths::add);
                }
            } catch (IOException | IllegalArgumentException e) {
                throw new StrataException("cannot list the layer " + l.digest() + " of the base " + base.reference()
                        + " for the SBOM: " + e.getMessage() + "; run ./strata cache verify and build again");
            }
        }
        return paths;
    }

    /** The SBOM of realised packages, named by the recipe's tag (else its packages). */
    static Sbom of(Realisation r, Recipe recipe, Instant created) {
        String name = recipe.tag() != null ? recipe.tag() : Composer.roots(recipe);
        return new Sbom(inventory(r), name, created, toolVersion());
    }

    /**
     * The SBOM an image's config holds (its {@link InventoryLabel}), standing for the image's creation
     * time; empty when the config carries no such label (an image Strata did not build). A label
     * that cannot be read is said in one sentence.
     */
    static Optional<Sbom> ofConfig(byte[] config, String name) {
        JsonNode root;
        try {
            root = JSON.readTree(config);
        } catch (IOException e) {
            throw new StrataException("the image's config is not JSON (" + e.getMessage() + ")");
        }
        if (root == null) {
            return Optional.empty();
        }
        JsonNode label = root.path("config").path("Labels").path(InventoryLabel.KEY);
        if (!label.isTextual()) {
            return Optional.empty();
        }
        return Optional.of(new Sbom(InventoryLabel.decode(label.asText()), name, created(root), toolVersion()));
    }

    /** The creation time a config records (the epoch when it records none readable). */
    static Instant created(JsonNode config) {
        JsonNode created = config.path("created");
        try {
            return created.isTextual() ? Instant.parse(created.asText()) : Instant.EPOCH;
        } catch (DateTimeParseException e) {
            return Instant.EPOCH;
        }
    }

    /** The instant an SBOM stands for, as OCI annotations write times. */
    static String timestamp(Sbom sbom) {
        return java.time.format.DateTimeFormatter.ISO_INSTANT.format(sbom.created());
    }

    static String toolVersion() {
        String v = Sboms.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    /** Refuses an SBOM file that cannot be written (a directory, a missing parent) before anything is built. */
    static void checkTarget(Path file, String option) {
        if (Files.isDirectory(file)) {
            throw new StrataException(option + " " + file + " is a directory; give a file name such as "
                    + file.resolve("sbom.json"));
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new StrataException(option + " " + file + ": the directory " + parent + " does not exist; create it first");
        }
    }

    static void write(Sbom sbom, SbomFormat format, Path file) {
        try {
            AtomicFile.write(file, sbom.bytes(format), AtomicFile.Durability.DURABLE);
        } catch (IOException e) {
            throw new StrataException("cannot write the SBOM to " + file + ": " + e.getMessage());
        }
    }
}
