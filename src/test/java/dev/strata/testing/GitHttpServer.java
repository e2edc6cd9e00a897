package dev.strata.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.strata.nix.TestNix;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A git repository served over HTTP behind basic auth, on 127.0.0.1: git's "dumb" HTTP protocol
 * (static files of a bare repository after {@code git update-server-info}), which real git (and
 * Nix's fetchGit through it) clones and lists like any hosted repository. Requests without the
 * right user and password get 401 with a Basic challenge, as a hosting service answers.
 */
public final class GitHttpServer implements AutoCloseable {
    private final HttpServer server;
    private final Path bare;
    private final String expected;
    private final AtomicInteger authorised = new AtomicInteger();

    /** Serves a bare clone of {@code repo} (made under {@code work}) as {@code /NAME.git}. */
    public GitHttpServer(Path repo, Path work, String user, String password) throws IOException {
        this.bare = work.resolve(repo.getFileName() + ".git");
        TestNix.run(work, "git", "clone", "-q", "--bare", repo.toString(), bare.toString());
        TestNix.run(bare, "git", "update-server-info");
        this.expected = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                .getBytes(StandardCharsets.UTF_8));
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        server.createContext("/", this::handle);
        server.start();
    }

    /** The repository's URL with the given user and password in it. */
    public String url(String user, String password) {
        return "http://" + user + ":" + password + "@127.0.0.1:" + server.getAddress().getPort() + "/"
                + bare.getFileName();
    }

    /** How many requests carried the right credentials (proof that git really used them). */
    public int authorisedRequests() {
        return authorised.get();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            if (!expected.equals(ex.getRequestHeaders().getFirst("Authorization"))) {
                ex.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"git\"");
                ex.sendResponseHeaders(401, -1);
                return;
            }
            authorised.incrementAndGet();
            String prefix = "/" + bare.getFileName() + "/";
            String path = ex.getRequestURI().getPath();
            Path file = path.startsWith(prefix) ? bare.resolve(path.substring(prefix.length())).normalize() : null;
            if (file == null || !file.startsWith(bare) || !Files.isRegularFile(file)) {
                ex.sendResponseHeaders(404, -1);
                return;
            }
            byte[] body = Files.readAllBytes(file);
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
