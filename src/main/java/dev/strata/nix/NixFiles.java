package dev.strata.nix;

import dev.strata.StrataException;
import dev.strata.AtomicFile;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The Nix expressions Strata runs (the repository's nix/ directory, shipped inside the jar).
 * Nix needs them as real files: when they sit in a jar they are copied once into
 * {@code <cache>/nix/<content hash>/}, atomically, so concurrent runs and upgrades never see a
 * half-written copy.
 */
public final class NixFiles {
    static final String RESOURCE_DIR = "dev/strata/nix/expr";

    private final Path dir;
    private final String contentHash;

    private NixFiles(Path dir, String contentHash) {
        this.dir = dir;
        this.contentHash = contentHash;
    }

    /** The expressions shipped with this build, extracted below {@code cacheDir} when needed. */
    public static NixFiles locate(Path cacheDir) {
        URL marker = NixFiles.class.getClassLoader().getResource(RESOURCE_DIR + "/load-set.nix");
        if (marker == null) {
            throw new StrataException("Strata's Nix expressions are missing from the classpath (" + RESOURCE_DIR
                    + "); rebuild with ./strata or mvn package");
        }
        try {
            URI uri = marker.toURI();
            if ("file".equals(uri.getScheme())) {
                Path d = Path.of(uri).getParent();
                return new NixFiles(d, hashTree(d));
            }
            // Hashing the expressions inside the jar costs a zip file system per run; a note keyed by
            // the jar's path, size and time remembers which extracted copy belongs to this jar.
            Path jarFile = Path.of(URI.create(uri.getSchemeSpecificPart().substring(0,
                    uri.getSchemeSpecificPart().indexOf("!/"))));
            Path note = cacheDir.resolve("nix").resolve("jar-" + jarIdentity(jarFile));
            Optional<NixFiles> noted = fromNote(note, cacheDir);
            if (noted.isPresent()) {
                return noted.get();
            }
            try (FileSystem jar = FileSystems.newFileSystem(uri, Map.of())) {
                Path src = jar.getPath("/" + RESOURCE_DIR);
                String hash = hashTree(src);
                Path target = cacheDir.resolve("nix").resolve(hash.substring(0, 16));
                if (!Files.isRegularFile(target.resolve("load-set.nix"))) {
                    extract(src, target);
                }
                writeNote(note, hash);
                return new NixFiles(target, hash);
            }
        } catch (URISyntaxException | IOException e) {
            throw new StrataException("cannot unpack Strata's Nix expressions into " + cacheDir + ": " + e.getMessage()
                    + "; check that the cache directory is writable (STRATA_CACHE_DIR)", e);
        }
    }

    private static String jarIdentity(Path jar) throws IOException {
        var attrs = Files.readAttributes(jar, BasicFileAttributes.class);
        String id = jar.toAbsolutePath() + "\n" + attrs.size() + "\n" + attrs.lastModifiedTime().toMillis();
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(id.getBytes(StandardCharsets.UTF_8))).substring(0, 24);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The extracted copy a note names, when it is still complete. */
    private static Optional<NixFiles> fromNote(Path note, Path cacheDir) {
        try {
            String hash = Files.readString(note).strip();
            Path target = cacheDir.resolve("nix").resolve(hash.substring(0, 16));
            return Files.isRegularFile(target.resolve("load-set.nix")) ? Optional.of(new NixFiles(target, hash))
                    : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static void writeNote(Path note, String hash) {
        try {
            AtomicFile.write(note, hash, AtomicFile.Durability.CACHE);
        } catch (IOException e) {
            // Only costs the hashing again next time.
        }
    }

    public Path dir() {
        return dir;
    }

    public Path loadSet() {
        return dir.resolve("load-set.nix");
    }

    public Path prepareImage() {
        return dir.resolve("prepare-image.nix");
    }

    public Path popularity() {
        return dir.resolve("popularity.nix");
    }

    public Path demo() {
        return dir.resolve("demo");
    }

    /** SHA-256 of every file's relative path and bytes: the identity of these expressions. */
    public String contentHash() {
        return contentHash;
    }

    private static void extract(Path src, Path target) throws IOException {
        try (AtomicFile dir = AtomicFile.directory(target, AtomicFile.Durability.CACHE)) {
            Path tmp = dir.path();
            try (Stream<Path> walk = Files.walk(src)) {
                for (Path p : walk.sorted().toList()) {
                    Path dest = tmp.resolve(src.relativize(p).toString());
                    if (Files.isDirectory(p)) {
                        Files.createDirectories(dest);
                    } else {
                        try (InputStream in = Files.newInputStream(p)) {
                            Files.copy(in, dest, StandardCopyOption.REPLACE_EXISTING);
                        }
                    }
                }
            }
            try {
                dir.commit();
            } catch (IOException e) {
                // Another process won the race: its copy is identical (ours is removed on close).
                if (!Files.isRegularFile(target.resolve("load-set.nix"))) {
                    throw e;
                }
            }
        }
    }

    static String hashTree(Path root) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(Files::isRegularFile).sorted((a, b) ->
                    root.relativize(a).toString().compareTo(root.relativize(b).toString())).toList();
        }
        for (Path f : files) {
            md.update(root.relativize(f).toString().getBytes(StandardCharsets.UTF_8));
            md.update((byte) 0);
            md.update(Files.readAllBytes(f));
            md.update((byte) 0);
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
