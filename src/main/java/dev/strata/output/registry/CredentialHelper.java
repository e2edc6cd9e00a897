package dev.strata.output.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.StrataException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;

/**
 * Runs a Docker credential helper, {@code docker-credential-NAME get}, with the registry's server
 * URL on its standard input and {@code {"Username","Secret"}} expected on its output, as the
 * docker CLI does. It is a child process Strata does not control: it must answer within a
 * deadline (a helper waiting for a keyring or a password prompt nobody sees would hang the push),
 * its output is capped, and its name comes from a config file, so it may not hold a path.
 */
final class CredentialHelper {
    /** What helpers print (on stdout, exit 1) when they hold nothing for the URL. */
    static final String NOT_FOUND = "credentials not found in native keychain";
    private static final int MAX_OUTPUT = 64 << 10;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String name;
    private final Map<String, String> env;
    private final Duration timeout;

    CredentialHelper(String name, Map<String, String> env, Duration timeout) {
        this.name = name;
        this.env = env;
        this.timeout = timeout;
    }

    /** {@code docker-credential-NAME}. */
    String program() {
        return "docker-credential-" + name;
    }

    /** Whether the name is one a helper can have (no path, no option) and it is on PATH. */
    Optional<Path> find() {
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,99}")) {
            return Optional.empty();
        }
        String path = env.getOrDefault("PATH", "");
        for (String dir : path.split(":")) {
            if (dir.isEmpty()) {
                continue; // "." by Go's rules, but not here: a config must not run what lies in the working directory
            }
            try {
                Path candidate = Path.of(dir, program());
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            } catch (InvalidPathException e) {
                // a PATH entry that is no path
            }
        }
        return Optional.empty();
    }

    /**
     * The credential the helper holds for {@code serverUrl}, empty when it holds none.
     *
     * @param registry names the registry in messages
     * @param source names where the credential came from ("the Docker config X")
     */
    Optional<RegistryCredential> get(Path executable, String serverUrl, String registry, String source) {
        ProcessBuilder pb = new ProcessBuilder(List.of(executable.toString(), "get"));
        pb.environment().putAll(env);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new StrataException("cannot run the credential helper " + executable + " (" + e.getMessage()
                    + "); fix it, or give --creds");
        }
        try {
            Capture out = Capture.of(p.getInputStream());
            Capture err = Capture.of(p.getErrorStream());
            try (OutputStream in = p.getOutputStream()) {
                in.write((serverUrl + "\n").getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                // the helper exited without reading: its exit code says why
            }
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                stop(p);
                throw new StrataException("the credential helper " + program() + " did not answer within "
                        + timeout.toSeconds() + " s for " + registry + " (it may be waiting for a keyring or a password "
                        + "prompt); unlock or fix it, or give --creds");
            }
            String stdout = out.text();
            if (p.exitValue() != 0) {
                String said = (stdout.isBlank() ? err.text() : stdout).strip();
                if (said.contains(NOT_FOUND)) {
                    return Optional.empty();
                }
                throw new StrataException("the credential helper " + program() + " failed for " + registry + " (exit "
                        + p.exitValue() + (said.isEmpty() ? "" : ": " + oneLine(said)) + "); fix it, or give --creds");
            }
            return parse(stdout, registry, source);
        } catch (InterruptedException e) {
            stop(p);
            Thread.currentThread().interrupt();
            throw new CancellationException("cancelled while asking " + program());
        }
    }

    private Optional<RegistryCredential> parse(String stdout, String registry, String source) {
        JsonNode answer;
        try {
            answer = JSON.readTree(stdout);
        } catch (IOException e) {
            answer = null;
        }
        JsonNode user = answer == null ? null : answer.get("Username");
        JsonNode secret = answer == null ? null : answer.get("Secret");
        if (answer == null || !answer.isObject() || user == null || !user.isTextual() || secret == null
                || !secret.isTextual()) {
            throw new StrataException("the credential helper " + program() + " answered for " + registry + " without "
                    + "a Username and Secret (text); fix it, or give --creds");
        }
        if (secret.asText().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new RegistryCredential(user.asText(), secret.asText(), source));
    }

    private static String oneLine(String s) {
        String line = s.replaceAll("\\s+", " ").replaceAll("\\p{Cntrl}", "?");
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }

    private static void stop(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
    }

    /** A stream read on its own thread, keeping at most {@link #MAX_OUTPUT} bytes. */
    private static final class Capture {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final Thread reader;

        private Capture(InputStream in) {
            reader = new Thread(() -> {
                byte[] buf = new byte[8192];
                try (in) {
                    for (int n; (n = in.read(buf)) > 0; ) {
                        synchronized (bytes) {
                            bytes.write(buf, 0, Math.max(0, Math.min(n, MAX_OUTPUT - bytes.size())));
                        }
                    }
                } catch (IOException e) {
                    // the process is gone
                }
            }, "credential-helper-output");
            reader.setDaemon(true);
            reader.start();
        }

        static Capture of(InputStream in) {
            return new Capture(in);
        }

        String text() throws InterruptedException {
            reader.join(5000);
            synchronized (bytes) {
                return bytes.toString(StandardCharsets.UTF_8);
            }
        }
    }
}
