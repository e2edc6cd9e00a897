package dev.strata.image;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.AtomicFile;
import dev.strata.StrataException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * What one layer of a base image holds of what {@link BaseTree} tracks (directories, symbolic
 * links, whiteouts, {@code /etc/passwd} and {@code /etc/group}), and the layer's diffID: both found
 * in one pass that decompresses the blob and reads its tar headers. A base layer is scanned once
 * per cache: the result is kept in {@code <cache>/blobs/scans/<digest hex>-<compression>.json}, and
 * the diffID is recorded as every layer's is ({@link DiffIds}), so later builds neither decompress
 * nor read the layer.
 *
 * <p>Entries whose names climb out of the root ({@code ..}) are not tracked: no runtime would put
 * them anywhere Strata's layers could meet them.
 *
 * @param dirs directories added by this layer: path to mode and owner
 * @param links symbolic links added by this layer: path to raw target
 * @param whiteouts paths this layer deletes from the layers below ({@code .wh.NAME})
 * @param opaque directories whose lower contents this layer hides ({@code .wh..wh..opq})
 * @param passwd the layer's {@code /etc/passwd}, or null
 * @param group the layer's {@code /etc/group}, or null
 * @param files every other entry added by this layer (regular files, hard links, devices), sorted:
 *     what lets the faces tell whether the base has the program an image runs
 */
public record BaseScan(String diffId, TreeMap<String, BaseTree.Directory> dirs, TreeMap<String, String> links,
                       List<String> whiteouts, List<String> opaque, byte[] passwd, byte[] group, List<String> files) {
    /** Part of the cache file's name: a change to what a scan records must change it (2: files). */
    static final String FORMAT = "scan-2";
    /** {@code /etc/passwd} and {@code /etc/group} are read up to this size. */
    static final int MAX_ETC_FILE = 4 << 20;
    private static final String WHITEOUT = ".wh.";
    private static final String OPAQUE = ".wh..wh..opq";
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    @JsonCreator
    public BaseScan {
        files = files == null ? List.of() : List.copyOf(files);
        dirs = dirs == null ? new TreeMap<>() : dirs;
        links = links == null ? new TreeMap<>() : links;
        whiteouts = whiteouts == null ? List.of() : List.copyOf(whiteouts);
        opaque = opaque == null ? List.of() : List.copyOf(opaque);
    }

    /** A scan that records no files besides the tracked ones. */
    public BaseScan(String diffId, TreeMap<String, BaseTree.Directory> dirs, TreeMap<String, String> links,
                    List<String> whiteouts, List<String> opaque, byte[] passwd, byte[] group) {
        this(diffId, dirs, links, whiteouts, opaque, passwd, group, List.of());
    }

    /**
     * The scan of a stored layer blob: from the cache when it was scanned before, else by reading
     * it (and then recorded). Refuses, in one sentence, a blob whose tar does not have the diffID
     * {@code expected} (the base's config says otherwise: the image is inconsistent).
     *
     * @param what names the layer in messages, e.g. "layer 2 of the base image oci:base"
     */
    public static BaseScan of(BlobStore blobs, Blob blob, Compression compression, Digest expected, String what) {
        Path cached = blobs.root().resolve("scans").resolve(blob.digest().hex() + "-" + compression.id() + "-"
                + FORMAT + ".json");
        Optional<BaseScan> known = read(cached);
        if (known.isPresent() && expected.toString().equals(known.get().diffId())) {
            return known.get();
        }
        BaseScan scan;
        try {
            scan = scan(blob.path(), compression);
        } catch (IOException e) {
            throw new StrataException(what + " cannot be read as a " + compression.id() + " tar (" + e.getMessage()
                    + "); the image is damaged: take it from its source again");
        }
        DiffIds.of(blobs).record(blob.digest(), compression, Digest.parse(scan.diffId()));
        if (!expected.toString().equals(scan.diffId())) {
            throw new StrataException(what + " decompresses to a tar with digest " + scan.diffId()
                    + " but the image's config says " + expected + "; the image is inconsistent: rebuild or re-export "
                    + "it, or choose another base");
        }
        try {
            AtomicFile.write(cached, JSON.writeValueAsBytes(scan), AtomicFile.Durability.CACHE);
        } catch (IOException e) {
            // without the record the layer is scanned again next time
        }
        return scan;
    }

    private static Optional<BaseScan> read(Path file) {
        try {
            return Optional.of(JSON.readValue(Files.readAllBytes(file), BaseScan.class));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Reads a layer blob once: its diffID, and the entries {@link BaseTree} tracks. */
    static BaseScan scan(Path blob, Compression compression) throws IOException {
        MessageDigest sha = Digest.sha256();
        TreeMap<String, BaseTree.Directory> dirs = new TreeMap<>();
        TreeMap<String, String> links = new TreeMap<>();
        List<String> whiteouts = new ArrayList<>();
        List<String> opaque = new ArrayList<>();
        TreeSet<String> files = new TreeSet<>();
        byte[][] etc = {null, null};
        try (InputStream raw = Files.newInputStream(blob);
             InputStream plain = compression.decompressing(raw);
             DigestInputStream hashed = new DigestInputStream(plain, sha)) {
            TarArchiveInputStream tar = new TarArchiveInputStream(hashed);
            for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                String path = normal(e.getName());
                if (path == null) {
                    continue;
                }
                int slash = path.lastIndexOf('/');
                String name = path.substring(slash + 1);
                String parent = slash < 0 ? "" : path.substring(0, slash);
                if (name.equals(OPAQUE)) {
                    opaque.add(parent);
                } else if (name.startsWith(WHITEOUT)) {
                    whiteouts.add((parent.isEmpty() ? "" : parent + "/") + name.substring(WHITEOUT.length()));
                } else if (e.isDirectory()) {
                    if (!path.isEmpty()) {
                        dirs.put(path, new BaseTree.Directory(e.getMode() & 07777,
                                new TreeNode.Owner((int) e.getLongUserId(), (int) e.getLongGroupId())));
                    }
                } else if (e.isSymbolicLink()) {
                    links.put(path, e.getLinkName());
                } else if (!path.isEmpty()) {
                    files.add(path);
                    if (e.isFile() && (path.equals("etc/passwd") || path.equals("etc/group"))) {
                        if (e.getSize() > MAX_ETC_FILE) {
                            throw new IOException("/" + path + " is larger than " + (MAX_ETC_FILE >> 20) + " MiB");
                        }
                        etc[path.equals("etc/passwd") ? 0 : 1] = tar.readNBytes((int) e.getSize());
                    }
                }
            }
            hashed.transferTo(OutputStream.nullOutputStream()); // the tar's end padding is part of the diffID
        }
        return new BaseScan(Digest.of(sha).toString(), dirs, links, whiteouts, opaque, etc[0], etc[1],
                List.copyOf(files));
    }

    /** {@code ./usr/bin/} -> {@code usr/bin}; null for a name that climbs out of the root. */
    static String normal(String name) {
        String n = name;
        while (n.startsWith("./") || n.startsWith("/")) {
            n = n.startsWith("./") ? n.substring(2) : n.substring(1);
        }
        while (n.endsWith("/")) {
            n = n.substring(0, n.length() - 1);
        }
        if (n.equals(".")) {
            return "";
        }
        for (String c : n.split("/")) {
            if (c.equals("..")) {
                return null;
            }
        }
        return n.replace("/./", "/");
    }
}
