package dev.strata.output.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

/**
 * Turns a registry's failure into one sentence that says what went wrong and what to do. The
 * registry's own words ({@code {"errors":[{"code","message","detail"}]}}) are quoted when present,
 * since they often name the real cause (a full disk, a missing repository).
 */
final class RegistryErrors {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_BODY = 300;

    private RegistryErrors() {}

    /** The error an HTTP answer means, for {@code step} (e.g. "uploading layer sha256:ab.."). */
    static RegistryException forStatus(int status, byte[] body, String step, RegistryReference target,
                                       RegistryCredential credential) {
        String said = registrySaid(body);
        String code = firstCode(body);
        String where = target.registry();
        String quoted = said.isEmpty() ? "" : " (the registry said: " + said + ")";
        if (isDiskFull(said)) {
            return new RegistryException("the registry " + where + " ran out of disk space while " + step + quoted
                    + "; free space on the registry's storage and push again", status, false, null);
        }
        switch (status) {
            case 401:
                if (credential.isAnonymous()) {
                    return new RegistryException("the registry " + where + " needs credentials for " + step
                            + " but has none (" + credential.source() + ")" + quoted
                            + "; give --creds USER:PASSWORD or --creds-stdin, or run docker login " + where,
                            status, false, null);
                }
                return new RegistryException("the registry " + where + " refused " + credential.describe() + quoted
                        + "; check the user name and password (or token), or run docker login " + where + " again",
                        status, false, null);
            case 403:
                return new RegistryException(capitalised(credential.describe()) + " may not push to " + where + "/"
                        + target.repository() + quoted + "; ask the registry's administrator for push access, "
                        + "or push to a repository you own", status, false, null);
            case 404:
                if ("NAME_UNKNOWN".equals(code) || said.toLowerCase(Locale.ROOT).contains("repository")) {
                    return new RegistryException("the registry " + where + " has no repository '" + target.repository()
                            + "'" + quoted + "; create it there first (registries such as Harbor or Amazon ECR need "
                            + "that) or check the name", status, false, null);
                }
                return new RegistryException("the registry " + where + " answered 404 Not Found while " + step + quoted
                        + "; check the registry address and repository name", status, false, null);
            case 413:
                return new RegistryException("the registry " + where + " refused a request body as too large while "
                        + step + quoted + "; push with --chunk-size 5M (or smaller) so blobs go in pieces",
                        status, false, null);
            case 429:
                return new RegistryException("the registry " + where + " limits requests (429 Too Many Requests) and "
                        + "kept refusing while " + step + quoted + "; wait a while and push again", status, true, null);
            default:
                break;
        }
        boolean serverFault = status >= 500 && status != 501 && status != 505;
        return new RegistryException("the registry " + where + " failed with HTTP " + status + " while " + step + quoted
                + (serverFault ? "; if this persists, look at the registry's log" : "; check the registry address"),
                status, serverFault, null);
    }

    /** The error an I/O failure (no HTTP answer) means. */
    static RegistryException forIo(Exception e, String step, RegistryReference target, Duration timeout) {
        return forIo(e, step, target, timeout, "--timeout");
    }

    /**
     * @param timeoutOption the option that gives the command's registry more time ({@code --timeout}
     *     for push, {@code --upstream-timeout} for serve), or null where the command has none
     */
    static RegistryException forIo(Exception e, String step, RegistryReference target, Duration timeout,
                                   String timeoutOption) {
        String where = target.registry();
        if (e instanceof HttpTimeoutException) {
            return new RegistryException("the registry " + where + " did not answer within " + seconds(timeout)
                    + " while " + step + "; check that it is up and reachable"
                    + (timeoutOption == null ? "" : ", or give it longer with " + timeoutOption), -1, true, e);
        }
        if (e instanceof ConnectException || e.getCause() instanceof ConnectException) {
            String why = describe(e);
            if (why.equals("ClosedChannelException") || why.equals("ConnectException")) {
                why = "connection refused"; // what java.net.http reports for a port nobody listens on
            }
            return new RegistryException("cannot connect to the registry " + where + " (" + why + ") while "
                    + step + "; check that it is running and that the address and port are right", -1, true, e);
        }
        if (e instanceof UnknownHostException || e.getCause() instanceof UnknownHostException) {
            return new RegistryException("cannot find the registry host " + where + " (unknown host); check its name",
                    -1, false, e);
        }
        if (e instanceof SSLHandshakeException && describe(e).contains("PKIX")) {
            return new RegistryException("the TLS certificate of the registry " + where + " is not trusted ("
                    + describe(e) + "); give its CA certificate with --ca-cert FILE, or --insecure to skip "
                    + "verification for this registry only", -1, false, e);
        }
        if (e instanceof SSLException && looksLikePlainHttp(e)) {
            return new RegistryException("the registry " + where + " answered in plain HTTP, not HTTPS; if you trust "
                    + "it (e.g. a local test registry), push with --insecure", -1, false, e);
        }
        if (e instanceof SSLException) {
            return new RegistryException("the TLS connection to the registry " + where + " failed (" + describe(e)
                    + ") while " + step + "; check --ca-cert, or use --insecure for this registry", -1, false, e);
        }
        return new RegistryException("the connection to the registry " + where + " broke while " + step + " ("
                + describe(e) + "); check the network and push again", -1, true, e);
    }

    static boolean looksLikePlainHttp(Throwable e) {
        String m = describe(e).toLowerCase(Locale.ROOT);
        return m.contains("unrecognized ssl message") || m.contains("plaintext") || m.contains("unsupported or unrecognized");
    }

    /** The registry's message(s) and detail, or the start of a non-JSON body; never more than a line. */
    static String registrySaid(byte[] body) {
        if (body == null || body.length == 0) {
            return "";
        }
        String text = new String(body, 0, Math.min(body.length, 16_384), StandardCharsets.UTF_8);
        try {
            JsonNode root = JSON.readTree(text);
            JsonNode errors = root == null ? null : root.get("errors");
            if (errors != null && errors.isArray() && errors.size() > 0) {
                StringBuilder sb = new StringBuilder();
                for (JsonNode err : errors) {
                    if (sb.length() > 0) {
                        sb.append("; ");
                    }
                    String code = err.path("code").asText("");
                    String message = err.path("message").asText("");
                    sb.append(code.isEmpty() ? message : code + ": " + message);
                    JsonNode detail = err.get("detail");
                    if (detail != null && !detail.isNull() && !detail.toString().equals("{}")) {
                        sb.append(" (").append(detail.isTextual() ? detail.asText() : detail.toString()).append(')');
                    }
                }
                return oneLine(sb.toString());
            }
        } catch (IOException notJson) {
            // fall through to the raw text
        }
        return oneLine(text);
    }

    private static String firstCode(byte[] body) {
        try {
            JsonNode root = body == null || body.length == 0 ? null : JSON.readTree(body);
            JsonNode errors = root == null ? null : root.get("errors");
            return errors != null && errors.isArray() && errors.size() > 0 ? errors.get(0).path("code").asText(null) : null;
        } catch (IOException e) {
            return null;
        }
    }

    static boolean isDiskFull(String said) {
        String s = said.toLowerCase(Locale.ROOT);
        return s.contains("no space left") || s.contains("disk full") || s.contains("insufficient storage")
                || s.contains("quota exceeded");
    }

    private static String oneLine(String s) {
        String line = s.replaceAll("\\s+", " ").strip();
        return line.length() > MAX_BODY ? line.substring(0, MAX_BODY) + "..." : line;
    }

    private static String describe(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && (t.getMessage() == null || t.getMessage().isBlank())) {
            t = t.getCause();
        }
        String m = t.getMessage();
        return m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
    }

    private static String seconds(Duration d) {
        return d == null ? "the time allowed" : d.toSeconds() + " s";
    }

    private static String capitalised(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
