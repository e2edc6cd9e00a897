package dev.strata.input;

import com.google.cloud.tools.jib.api.InvalidImageReferenceException;
import dev.strata.Redaction;
import dev.strata.StrataException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Where an image is, as every command takes it ({@code --from}, {@code --previous}, inspect):
 * <ul>
 *   <li>{@code oci:DIR[:TAG]}: an OCI image layout directory; TAG picks the image whose
 *       {@code org.opencontainers.image.ref.name} is TAG (or ends in {@code :TAG}, as Strata names
 *       them); without TAG the layout must hold one image. The first {@code :} ends DIR, as in
 *       skopeo, unless the whole text is a directory;</li>
 *   <li>{@code oci-archive:FILE[:TAG]}: the same layout as one tar file;</li>
 *   <li>{@code docker-archive:FILE}: what {@code docker save}, {@code skopeo copy} and Strata write;</li>
 *   <li>{@code docker://HOST/REPO:TAG}, {@code docker://HOST/REPO@sha256:...}, or the same without
 *       {@code docker://}: an image in a registry. A tag is looked up on every build; a digest pins
 *       the image;</li>
 *   <li>{@code docker-daemon:NAME:TAG} (or an image ID): an image in the local Docker or podman daemon.</li>
 * </ul>
 * Every other text is refused in one sentence that lists these forms.
 */
public sealed interface ImageReference {
    String FORMS = "oci:DIR[:TAG], oci-archive:FILE, docker-archive:FILE, docker://HOST/REPO:TAG (or HOST/REPO:TAG) "
            + "or docker-daemon:NAME:TAG";

    /** The reference as the user wrote it (normalised), e.g. for messages and history entries. */
    String text();

    /** An OCI image layout directory. @param tag null when the layout holds one image */
    record OciLayout(Path dir, String tag) implements ImageReference {
        @Override
        public String text() {
            return "oci:" + dir + (tag == null ? "" : ":" + tag);
        }
    }

    /** An OCI archive file. @param tag null when it holds one image */
    record OciArchive(Path file, String tag) implements ImageReference {
        @Override
        public String text() {
            return "oci-archive:" + file + (tag == null ? "" : ":" + tag);
        }
    }

    /** A docker-archive file. */
    record DockerArchive(Path file) implements ImageReference {
        @Override
        public String text() {
            return "docker-archive:" + file;
        }
    }

    /**
     * An image in a registry, normalised as Docker normalises names.
     *
     * @param tag the tag, or null when a digest names the image
     * @param digest {@code sha256:...}, or null when a tag names it
     */
    record Registry(String registry, String repository, String tag, String digest) implements ImageReference {
        /** The tag or the digest, as the registry's manifest URL takes it. */
        public String reference() {
            return digest != null ? digest : tag;
        }

        @Override
        public String text() {
            return "docker://" + registry + "/" + repository + (digest != null ? "@" + digest : ":" + tag);
        }
    }

    /** An image in the local Docker-compatible daemon, by {@code NAME:TAG} or image ID. */
    record Daemon(String name) implements ImageReference {
        @Override
        public String text() {
            return "docker-daemon:" + name;
        }
    }

    /** Parses any of the forms above; refuses everything else in one sentence. */
    static ImageReference parse(String text) {
        if (text == null || text.isBlank()) {
            throw new StrataException("the image reference is empty; write one of " + FORMS);
        }
        String t = text.strip();
        if (t.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new StrataException("the image reference '" + t.replaceAll("\\p{Cntrl}", "?") + "' holds control "
                    + "characters; write one of " + FORMS);
        }
        int colon = t.indexOf(':');
        String transport = colon < 0 ? "" : t.substring(0, colon).toLowerCase(Locale.ROOT);
        String rest = colon < 0 ? t : t.substring(colon + 1);
        switch (transport) {
            case "oci": {
                String[] dirTag = pathAndTag(rest, t, true);
                return new OciLayout(path(dirTag[0], t), dirTag[1]);
            }
            case "oci-archive": {
                String[] fileTag = pathAndTag(rest, t, false);
                return new OciArchive(path(fileTag[0], t), fileTag[1]);
            }
            case "docker-archive":
                if (rest.isEmpty()) {
                    throw new StrataException("'" + t + "' names no file; write docker-archive:FILE, e.g. "
                            + "docker-archive:base.tar");
                }
                return new DockerArchive(path(rest, t));
            case "docker-daemon":
                return daemon(rest, t);
            case "docker":
                if (!rest.startsWith("//")) {
                    throw new StrataException("'" + Redaction.reference(t) + "' is not a registry reference; write docker://HOST/REPO:TAG");
                }
                return registry(rest.substring(2), t);
            default:
                if (looksLikeRegistry(t)) {
                    return registry(t, t);
                }
                throw new StrataException("'" + Redaction.reference(t) + "' is not an image reference Strata reads; write one of " + FORMS);
        }
    }

    /** {@code PATH[:TAG]}: the whole text when it exists (or has no colon), else split at the first colon. */
    private static String[] pathAndTag(String rest, String whole, boolean directory) {
        if (rest.isEmpty()) {
            throw new StrataException("'" + whole + "' names no " + (directory ? "directory" : "file") + "; write e.g. "
                    + (directory ? "oci:base-layout" : "oci-archive:base.tar"));
        }
        int c = rest.indexOf(':');
        if (c < 0 || exists(rest)) {
            return new String[] {rest, null};
        }
        String tag = rest.substring(c + 1);
        if (tag.isEmpty()) {
            throw new StrataException("'" + whole + "' ends in ':' with no tag; leave the ':' out or name a tag");
        }
        return new String[] {rest.substring(0, c), tag};
    }

    private static boolean exists(String p) {
        try {
            return Files.exists(Path.of(p));
        } catch (InvalidPathException e) {
            return false;
        }
    }

    private static Path path(String p, String whole) {
        try {
            return Path.of(p);
        } catch (InvalidPathException e) {
            throw new StrataException("'" + whole + "' does not name a path of this machine (" + e.getReason() + ")");
        }
    }

    /** A name with a registry host first ({@code HOST.DOMAIN/...}, {@code HOST:PORT/...}, {@code localhost/...}). */
    private static boolean looksLikeRegistry(String t) {
        int slash = t.indexOf('/');
        if (slash <= 0) {
            return false;
        }
        String first = t.substring(0, slash);
        return first.contains(".") || first.contains(":") || first.equals("localhost");
    }

    private static Pattern daemonName() {
        return Pattern.compile("[a-z0-9]([a-z0-9._/-]*[a-z0-9])?(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?"
            + "|[a-z0-9.-]+(:[0-9]+)?/[a-z0-9._/-]+(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?"
            + "|(sha256:)?[0-9a-f]{12,64}");
    }

    private static Daemon daemon(String name, String whole) {
        if (!daemonName().matcher(name).matches() || name.length() > 255) {
            throw new StrataException("'" + whole + "' does not name a daemon image; write docker-daemon:NAME:TAG with a "
                    + "lowercase name (e.g. docker-daemon:base:1) or an image ID");
        }
        return new Daemon(name);
    }

    private static Registry registry(String ref, String whole) {
        int slash = ref.indexOf('/');
        int at = slash > 0 ? ref.lastIndexOf('@', slash) : -1;
        if (at >= 0) {
            // user:password@host: a reference is printed and logged, so a secret does not belong in it
            String shown = whole.replace(ref.substring(0, at), "***");
            throw new StrataException("'" + shown + "' holds credentials; write docker://HOST/REPO:TAG and log in with "
                    + "--creds USER:PASSWORD or docker login HOST instead");
        }
        com.google.cloud.tools.jib.api.ImageReference r;
        try {
            r = com.google.cloud.tools.jib.api.ImageReference.parse(ref);
        } catch (InvalidImageReferenceException e) {
            throw new StrataException("'" + whole + "' is not a registry image reference; write docker://HOST/REPO:TAG "
                    + "or HOST/REPO@sha256:DIGEST, e.g. docker://127.0.0.1:5000/base:1");
        }
        if (!r.getRepository().equals(r.getRepository().toLowerCase(Locale.ROOT))) {
            throw new StrataException("'" + whole + "': repository names must be lower case");
        }
        String digest = r.getDigest().orElse(null);
        if (digest != null && !digest.matches("sha256:[0-9a-f]{64}")) {
            throw new StrataException("'" + whole + "' names the digest " + digest + "; Strata reads sha256 digests "
                    + "(sha256: and 64 lowercase hex digits)");
        }
        String tag = digest != null ? null : r.getTag().orElse("latest");
        int port = r.getRegistry().lastIndexOf(':');
        if (port > 0 && r.getRegistry().lastIndexOf(']') < port) {
            String digits = r.getRegistry().substring(port + 1);
            if (!digits.matches("[0-9]{1,5}") || Integer.parseInt(digits) < 1 || Integer.parseInt(digits) > 65535) {
                throw new StrataException("'" + whole + "' has port " + digits + ", which does not exist; ports go from 1 "
                        + "to 65535");
            }
        }
        return new Registry(r.getRegistry(), r.getRepository(), tag, digest);
    }
}
