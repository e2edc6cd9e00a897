package dev.strata.output.registry;

import java.io.IOException;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * Reads an image from a registry: the other direction of {@link RegistryPusher}, on the same
 * {@link RegistryClient} (HTTPS or, with {@code --insecure}, plain HTTP for that registry only;
 * {@code --ca-cert}; Basic or Bearer authentication with the Docker config's or the given
 * credential; a deadline on every exchange, body included; retries of faults). The steps are
 * {@link ManifestPuller} and {@link BlobPuller}; both check what arrives against the digests it
 * should have.
 */
public final class RegistryPuller {
    /** A manifest or index as the registry sent it: its bytes, media type and digest (checked). */
    public record Manifest(byte[] bytes, String mediaType, String digest) {
        public Manifest {
            bytes = bytes.clone();
        }

        @Override
        public byte[] bytes() {
            return bytes.clone();
        }
    }

    /** Where a blob's bytes go: a fresh destination for each attempt (what an earlier one wrote is dropped). */
    @FunctionalInterface
    public interface Target {
        OutputStream restart() throws IOException;
    }

    private final RegistryClient client;

    private RegistryPuller(RegistryClient client) {
        this.client = client;
    }

    /**
     * Connects to the registry of {@code ref}, as a push would: {@code GET /v2/} finds the scheme and
     * the authentication it asks for.
     *
     * @param explicit a credential given on the command line, or null for the Docker config's
     * @param warnings receives one sentence per risk taken (--insecure)
     */
    public static RegistryPuller connect(RegistryReference ref, RegistryCredential explicit, CredentialResolver credentials,
                                         TlsOptions tls, Duration timeout, Consumer<String> warnings) {
        RegistryCredential credential = credentials.resolve(ref, explicit);
        return new RegistryPuller(RegistryClient.connect(ref, credential, tls, timeout, RetryPolicy.DEFAULT, warnings,
                null));
    }

    /** The registry's address as pushes name it ({@code 127.0.0.1:5000}), for the mount index. */
    public String registry() {
        return client.target().registry();
    }

    /**
     * The manifest (or index) {@code reference} names in {@code repository}: a tag, resolved now, or
     * a digest, which the bytes must have.
     *
     * @param maxBytes a larger answer is refused
     */
    public Manifest manifest(String repository, String reference, long maxBytes) {
        return new ManifestPuller(client).get(repository, reference, maxBytes);
    }

    /** Downloads a blob of exactly {@code size} bytes with {@code digest} into {@code target}. */
    public void blob(String repository, String digest, long size, Target target, LongConsumer progress) {
        new BlobPuller(client).get(repository, digest, size, target, progress);
    }

    /** The error for an answer other than 200 to a pull step, in words for pulling. */
    static RegistryException failure(RegistryClient client, HttpResponse<Download.Result> r, String step,
                                     String repository, String missing) {
        byte[] body = r.body() == null || r.body().errorBody() == null ? new byte[0] : r.body().errorBody();
        String where = client.target().registry();
        String said = RegistryErrors.registrySaid(body);
        String quoted = said.isEmpty() ? "" : " (the registry said: " + said + ")";
        return switch (r.statusCode()) {
            case 404 -> new RegistryException("the registry " + where + " has " + missing + quoted
                    + "; check the name and tag (skopeo list-tags docker://" + where + "/" + repository + ")",
                    404, false, null);
            case 403 -> new RegistryException(capitalised(client.credential().describe()) + " may not pull from " + where
                    + "/" + repository + quoted + "; log in as a user with pull access (docker login " + where
                    + ", or --creds)", 403, false, null);
            default -> RegistryErrors.forStatus(r.statusCode(), body, step, client.target(), client.credential());
        };
    }

    /** The error for bytes that do not have the digest they should. */
    static RegistryException lied(RegistryClient client, String what, String actual) {
        return new RegistryException("the registry " + client.target().registry() + " sent " + what
                + " with the wrong content (its digest is " + actual + "); the registry's storage is damaged or the "
                + "answer was changed on the way: do not build on it, ask the registry's administrator", -1, false, null);
    }

    private static String capitalised(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
