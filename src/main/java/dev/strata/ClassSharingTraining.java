package dev.strata;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.strata.cli.StrataCli;
import dev.strata.compose.Recipe;
import dev.strata.output.registry.RegistryReference;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.jar.JarFile;

/**
 * The training run for the launcher's class-sharing archive ({@code -XX:ArchiveClassesAtExit}):
 * loads Strata's own classes and exercises the libraries every command uses (picocli, Jackson,
 * the HTTP client, Jib's image references), with no I/O outside the machine: the HTTP client talks
 * to a throw-away server on the loopback interface. Later runs map those classes instead of loading
 * them, which takes about a third off every command's start. (Picocli's classes are compiled for
 * Java 5, which class-data sharing does not take; they are loaded from the jar as before.)
 */
final class ClassSharingTraining {
    private ClassSharingTraining() {}

    static void run() throws IOException {
        ClassLoader loader = ClassSharingTraining.class.getClassLoader();
        Path code;
        try {
            code = Path.of(ClassSharingTraining.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            return;
        }
        if (Files.isRegularFile(code)) {
            try (JarFile jar = new JarFile(code.toFile())) {
                jar.stream().map(e -> e.getName())
                        .filter(n -> n.startsWith("dev/strata/") && n.endsWith(".class") && !n.contains("/gui/"))
                        .forEach(n -> load(loader, n.substring(0, n.length() - ".class".length()).replace('/', '.')));
            }
        }
        ObjectMapper json = new ObjectMapper();
        json.writeValueAsString(json.readTree("{\"layers\":[{\"digest\":\"sha256:0\",\"size\":1}],\"n\":1.5}"));
        RegistryReference.parse("127.0.0.1:5000/training/image:1");
        // Every command makes a recipe and its image key through Jackson's data binding (about 180
        // classes that a tree read alone does not load).
        Recipe.fromJson(Recipe.of("demo", List.of("hello")).toBuilder().build().toJson(), "training").imageSettings();
        try {
            exchangeOverLoopback();
        } catch (LinkageError | RuntimeException e) {
            // A runtime without the jdk.httpserver module: the archive just holds less.
        }
        StringWriter sink = new StringWriter();
        StrataCli.commandLine(new PrintWriter(sink), new PrintWriter(sink)).execute("--help");
    }

    /** A GET, a HEAD and a PUT through java.net.http, as a push makes them, against a loopback server. */
    private static void exchangeOverLoopback() {
        HttpServer server;
        try {
            server = HttpServer.create(
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            HttpClient.newBuilder().build();
            return;
        }
        server.createContext("/", x -> {
            x.getRequestBody().readAllBytes();
            byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
            x.getResponseHeaders().add("Docker-Content-Digest", "sha256:0");
            boolean head = x.getRequestMethod().equals("HEAD");
            x.sendResponseHeaders(200, head ? -1 : body.length);
            if (!head) {
                x.getResponseBody().write(body);
            }
            x.close();
        });
        server.start();
        try {
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v2/");
            Duration timeout = Duration.ofSeconds(5);
            client.send(HttpRequest.newBuilder(base).timeout(timeout).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            client.send(HttpRequest.newBuilder(base.resolve("a/blobs/sha256:0")).timeout(timeout)
                    .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.discarding());
            client.send(HttpRequest.newBuilder(base.resolve("a/manifests/1")).timeout(timeout)
                    .header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(new byte[] {'{', '}'})).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            // Training only: whatever loaded is in the archive.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            server.stop(0);
        }
    }

    private static void load(ClassLoader loader, String name) {
        try {
            Class.forName(name, false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            // An optional dependency missing is fine for training.
        }
    }
}
