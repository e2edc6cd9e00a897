package dev.strata.output;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.luben.zstd.ZstdInputStream;
import dev.strata.StrataException;
import dev.strata.closure.StorePath;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * The store paths in each layer of an image file: an OCI layout directory ({@code oci:DIR[:TAG]}),
 * an OCI archive ({@code oci-archive:FILE}) or a docker-archive ({@code docker-archive:FILE}), as
 * Strata, skopeo and {@code docker save} write them. Layers are listed, never extracted: a store
 * path is in a layer when an entry is named {@code nix/store/HASH-NAME} or below it (leading
 * {@code /} or {@code ./} allowed). Layers may be gzip, zstd or uncompressed. An archive is read
 * twice (its index and manifests, then its layers), so nothing large is held in memory.
 */
final class LocalImageLayers implements ImageLayers {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Index, manifest and config files are small; anything bigger here is not one. */
    private static final long JSON_LIMIT = 4L << 20;
    private static final String REF_NAME = "org.opencontainers.image.ref.name";

    @Override
    public boolean accepts(String reference) {
        return reference.startsWith("oci:") || reference.startsWith("oci-archive:")
                || reference.startsWith("docker-archive:");
    }

    @Override
    public List<List<StorePath>> storePaths(String reference) {
        try {
            if (reference.startsWith("oci:")) {
                return ociDirectory(reference.substring("oci:".length()), reference);
            }
            if (reference.startsWith("oci-archive:")) {
                return archive(Path.of(reference.substring("oci-archive:".length())), reference, false);
            }
            if (reference.startsWith("docker-archive:")) {
                return archive(Path.of(reference.substring("docker-archive:".length())), reference, true);
            }
        } catch (NoSuchFileException e) {
            throw new StrataException(reference + ": " + e.getFile() + " does not exist; give an image Strata built "
                    + "(oci:DIR, oci-archive:FILE or docker-archive:FILE)");
        } catch (IOException e) {
            throw new StrataException("cannot read the image " + reference + ": " + e.getMessage());
        }
        throw new StrataException(reference + " is not an image file reference; write oci:DIR[:TAG], "
                + "oci-archive:FILE or docker-archive:FILE");
    }

    private List<List<StorePath>> ociDirectory(String spec, String reference) throws IOException {
        Path dir = Path.of(spec);
        String tag = null;
        // DIR:TAG, where DIR may itself hold a colon: the first prefix that is a directory.
        for (int colon = spec.indexOf(':'); !Files.isDirectory(dir) && colon > 0; colon = spec.indexOf(':', colon + 1)) {
            if (Files.isDirectory(Path.of(spec.substring(0, colon)))) {
                dir = Path.of(spec.substring(0, colon));
                tag = spec.substring(colon + 1);
            }
        }
        if (!Files.isDirectory(dir)) {
            throw new StrataException(reference + ": " + dir + " is not a directory; give an OCI layout "
                    + "directory (with index.json), e.g. oci:hello-oci");
        }
        JsonNode index = json(small(dir.resolve("index.json"), reference), reference, "index.json");
        String manifestDigest = chooseManifest(index, tag, reference);
        JsonNode manifest = json(small(blob(dir, manifestDigest, reference), reference), reference, manifestDigest);
        List<List<StorePath>> out = new ArrayList<>();
        for (String digest : layerDigests(manifest, reference)) {
            try (InputStream in = Files.newInputStream(blob(dir, digest, reference))) {
                out.add(list(in, reference));
            }
        }
        return out;
    }

    /** A JSON file of the layout, refused when larger than any index or manifest is. */
    private static byte[] small(Path file, String reference) throws IOException {
        if (Files.size(file) > JSON_LIMIT) {
            throw new StrataException(reference + ": " + file.getFileName() + " is larger than an index or manifest "
                    + "can be; give an image Strata built");
        }
        return Files.readAllBytes(file);
    }

    private static Path blob(Path dir, String digest, String reference) {
        int colon = digest.indexOf(':');
        String algorithm = colon > 0 ? digest.substring(0, colon) : "";
        String hex = digest.substring(colon + 1);
        if (!algorithm.matches("[a-z0-9]+") || !hex.matches("[a-f0-9]{32,128}")) {
            throw new StrataException(reference + " names a blob '" + digest + "' that is not a digest; give an image "
                    + "Strata, skopeo or docker wrote");
        }
        return dir.resolve("blobs").resolve(algorithm).resolve(hex);
    }

    /** The manifest the tag names, or the only one. */
    private static String chooseManifest(JsonNode index, String tag, String reference) {
        List<JsonNode> manifests = new ArrayList<>();
        index.path("manifests").forEach(manifests::add);
        if (tag != null) {
            for (JsonNode m : manifests) {
                String name = m.path("annotations").path(REF_NAME).asText("");
                if (name.equals(tag) || name.endsWith(":" + tag)) { // skopeo writes TAG, Strata NAME:TAG
                    return m.path("digest").asText();
                }
            }
            throw new StrataException(reference + " has no image tagged '" + tag + "'; its tags: "
                    + manifests.stream().map(m -> m.path("annotations").path(REF_NAME).asText("(none)")).toList());
        }
        if (manifests.size() != 1) {
            throw new StrataException(reference + " holds " + manifests.size() + " images; name one with :TAG");
        }
        return manifests.get(0).path("digest").asText();
    }

    private static List<String> layerDigests(JsonNode manifest, String reference) {
        if (!manifest.path("layers").isArray()) {
            throw new StrataException(reference + ": its manifest has no layers (an image index?); give a "
                    + "single-platform image as Strata builds them");
        }
        List<String> out = new ArrayList<>();
        manifest.path("layers").forEach(l -> out.add(l.path("digest").asText()));
        return out;
    }

    /** An OCI archive or docker-archive: the JSON files first, then each layer's listing by name. */
    private List<List<StorePath>> archive(Path file, String reference, boolean docker) throws IOException {
        Map<String, byte[]> small = new HashMap<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                if (e.isFile() && e.getSize() <= JSON_LIMIT) {
                    small.put(normal(e.getName()), tar.readAllBytes());
                }
            }
        }
        List<String> layerNames = new ArrayList<>();
        if (docker) {
            byte[] manifest = present(small, "manifest.json", reference);
            JsonNode images = json(manifest, reference, "manifest.json");
            if (!images.isArray() || images.size() != 1) {
                throw new StrataException(reference + " holds " + images.size() + " images; give a docker-archive of "
                        + "one image");
            }
            images.get(0).path("Layers").forEach(l -> layerNames.add(normal(l.asText())));
        } else {
            JsonNode index = json(present(small, "index.json", reference), reference, "index.json");
            String digest = chooseManifest(index, null, reference);
            String name = "blobs/" + digest.replace(':', '/');
            JsonNode manifest = json(present(small, name, reference), reference, digest);
            for (String d : layerDigests(manifest, reference)) {
                layerNames.add("blobs/" + d.replace(':', '/'));
            }
        }
        Map<String, List<StorePath>> listed = new LinkedHashMap<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                String name = normal(e.getName());
                if (e.isFile() && layerNames.contains(name) && !listed.containsKey(name)) {
                    listed.put(name, list(tar, reference));
                }
            }
        }
        List<List<StorePath>> out = new ArrayList<>();
        for (String name : layerNames) {
            List<StorePath> paths = listed.get(name);
            if (paths == null) {
                throw new StrataException(reference + " lacks its layer " + name + "; the archive is incomplete");
            }
            out.add(paths);
        }
        return out;
    }

    private static byte[] present(Map<String, byte[]> files, String name, String reference) {
        byte[] b = files.get(name);
        if (b == null) {
            throw new StrataException(reference + " has no " + name + "; give an image archive as Strata, skopeo or "
                    + "docker save write them");
        }
        return b;
    }

    private static String normal(String name) {
        String n = name;
        while (n.startsWith("./") || n.startsWith("/")) {
            n = n.startsWith("./") ? n.substring(2) : n.substring(1);
        }
        return n;
    }

    /** The store paths named in one layer (gzip, zstd or plain tar). */
    private static List<StorePath> list(InputStream raw, String reference) throws IOException {
        BufferedInputStream in = new BufferedInputStream(raw);
        in.mark(4);
        byte[] magic = in.readNBytes(4);
        in.reset();
        InputStream body = in;
        if (magic.length >= 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b) {
            body = new GZIPInputStream(in, 1 << 16);
        } else if (magic.length == 4 && (magic[0] & 0xff) == 0x28 && (magic[1] & 0xff) == 0xb5
                && (magic[2] & 0xff) == 0x2f && (magic[3] & 0xff) == 0xfd) {
            body = new ZstdInputStream(in);
        }
        TreeSet<StorePath> paths = new TreeSet<>();
        try {
            TarArchiveInputStream tar = new TarArchiveInputStream(body);
            for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                String[] parts = normal(e.getName()).split("/", 4);
                if (parts.length >= 3 && parts[0].equals("nix") && parts[1].equals("store") && !parts[2].isEmpty()
                        && !parts[2].startsWith(".")) {
                    try {
                        paths.add(StorePath.of("/nix/store/" + parts[2]));
                    } catch (IllegalArgumentException notAStorePath) {
                        // another file under /nix/store (a whiteout, a lock): not a store path
                    }
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new StrataException("cannot list a layer of " + reference + ": " + e.getMessage()
                    + "; give an image Strata built");
        }
        return List.copyOf(paths);
    }

    private static JsonNode json(byte[] bytes, String reference, String what) {
        try {
            return JSON.readTree(bytes);
        } catch (IOException e) {
            throw new StrataException(reference + ": " + what + " is not valid JSON; give an image Strata built");
        }
    }
}
