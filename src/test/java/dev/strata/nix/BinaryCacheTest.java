package dev.strata.nix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.strata.StrataException;
import dev.strata.cli.StrataCli;
import dev.strata.closure.PathInfo;
import dev.strata.closure.StorePath;
import dev.strata.compose.Composer;
import dev.strata.compose.PopularityResult;
import dev.strata.compose.ProgressListener;
import dev.strata.layering.Popularity;
import dev.strata.layering.PopularityCount;
import dev.strata.testsupport.LayeringTestSet;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import dev.strata.output.fixtures.StallingServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The binary-cache counting mode against a real binary cache: the test set is built with Nix,
 * copied with {@code nix copy --to file://DIR} and served over loopback HTTP by a small server.
 */
class BinaryCacheTest {
    @TempDir
    static Path dir;
    static HttpServer server;
    static String url;
    static List<String> outputs;
    static final AtomicInteger requests = new AtomicInteger();

    @BeforeAll
    static void makeAndServeACache() throws Exception {
        outputs = LayeringTestSet.build(dir, "app2", "tool");
        Path cache = dir.resolve("cache");
        List<String> copy = new ArrayList<>(List.of("nix", "copy", "--to",
                "file://" + cache + "?compression=none"));
        copy.addAll(outputs);
        LayeringTestSet.run(copy);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            Path file = cache.resolve(exchange.getRequestURI().getPath().substring(1)).normalize();
            if (!file.startsWith(cache) || !Files.isRegularFile(file)) {
                exchange.sendResponseHeaders(404, -1);
                exchange.close();
                return;
            }
            byte[] body = Files.readAllBytes(file);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        url = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void countsTheSameAsTheLocalStoreClosure() throws Exception {
        Path list = dir.resolve("paths.txt");
        Files.writeString(list, "# the outputs\n" + String.join("\n", outputs) + "\n\n");
        PopularityResult r = Composer.computePopularity(url, Composer.readPathList(list), 3, ProgressListener.NONE);

        // Expected: PopularityCount over what the local store says about the same closure.
        Map<StorePath, List<StorePath>> refs = new HashMap<>();
        for (PathInfo i : PathInfoJson.parse(LayeringTestSet.pathInfoJson(outputs), "nix path-info")) {
            refs.put(i.path(), i.references());
        }
        Popularity expected = PopularityCount.count(refs);
        assertEquals(expected, r.popularity());
        assertEquals(Map.of("base-1.0", 3L, "libx-2.1", 1L), r.popularity().asMap());
        assertEquals(4, r.storePaths());
        assertEquals(2, r.packages());
    }

    @Test
    void readsNarinfoFieldsAndFollowsReferences() {
        BinaryCache cache = new BinaryCache(url + "/", 2);
        StorePath app2 = StorePath.of(outputs.get(0));
        BinaryCache.NarInfo info = cache.fetch(app2);
        assertEquals(app2, info.path());
        assertTrue(info.narSize() > 4096, "NarSize " + info.narSize());
        assertEquals(List.of("base-1.0", "libx-2.1"), info.references().stream().map(StorePath::name).sorted().toList());
        assertEquals(4, cache.closure(List.of(app2, app2), n -> { }).size() + 1); // app2, libx, base
    }

    @Test
    void aPathTheCacheDoesNotHaveIsAClearError() {
        StorePath absent = StorePath.of("/nix/store/00000000000000000000000000000000-absent-1.0");
        StrataException e = assertThrows(StrataException.class,
                () -> Composer.computePopularity(url, List.of(absent), 2, ProgressListener.NONE));
        assertEquals("the binary cache " + url + " has no " + absent + " (no " + url
                + "/00000000000000000000000000000000.narinfo); check that the path list belongs to this cache",
                e.getMessage());
    }

    @Test
    void anUnreachableCacheIsAClearError() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        } // closed: nothing listens there now
        String gone = "http://127.0.0.1:" + port;
        StrataException e = assertThrows(StrataException.class, () -> Composer.computePopularity(gone,
                List.of(StorePath.of(outputs.get(0))), 2, ProgressListener.NONE));
        assertEquals("cannot reach the binary cache " + gone + " (connection refused); check the URL and that the "
                + "cache is being served", e.getMessage());
    }

    @Test
    void aCacheThatStallsOrTricklesEndsAtTheDeadline() throws Exception {
        for (StallingServer.Mode mode : new StallingServer.Mode[] {StallingServer.Mode.SILENT,
                StallingServer.Mode.STALL_AFTER_HEADERS, StallingServer.Mode.TRICKLE}) {
            try (StallingServer stuck = StallingServer.tcp(mode, StallingServer.ok("StorePath: " + outputs.get(0)))) {
                BinaryCache cache = new BinaryCache("http://" + stuck.address(), 2, java.time.Duration.ofSeconds(1));
                StorePath app2 = StorePath.of(outputs.get(0));
                StrataException e = assertThrows(StrataException.class, () -> cache.fetch(app2), mode.name());
                assertEquals("the binary cache http://" + stuck.address() + " did not answer within 1 s for "
                        + app2.hash() + ".narinfo; check the URL or try again", e.getMessage());
            }
        }
    }

    @Test
    void theCliWritesNixerysFormat() throws Exception {
        Path list = dir.resolve("cli-paths.txt");
        Files.writeString(list, String.join("\n", outputs));
        Path out = dir.resolve("out/popularity.json");
        StringWriter sout = new StringWriter();
        StringWriter serr = new StringWriter();
        int code = StrataCli.commandLine(new PrintWriter(sout), new PrintWriter(serr))
                .execute("popularity", "--binary-cache", url, "--paths", list.toString(), "-o", out.toString(),
                        "--jobs", "4");
        assertEquals(0, code, serr.toString());
        assertEquals("{\n  \"base-1.0\": 3,\n  \"libx-2.1\": 1\n}\n", Files.readString(out));
        assertTrue(sout.toString().startsWith("wrote " + out + ": 2 names counted over 4 store paths"), sout.toString());
    }

    @Test
    void narinfoParsingErrorsNameTheFile() {
        StrataException e = assertThrows(StrataException.class, () -> BinaryCache.parse("NarSize: 1\n", "x.narinfo"));
        assertEquals("x.narinfo is not a narinfo (it has no StorePath line); check the cache URL", e.getMessage());
        BinaryCache.NarInfo i = BinaryCache.parse("StorePath: /nix/store/11111111111111111111111111111111-a-1\n"
                + "NarSize: 12\nReferences: \n", "y");
        assertEquals(List.of(), i.references());
        assertEquals(12, i.narSize());
        for (String size : new String[] {"-5", "1e3", "big", "99999999999999999999"}) {
            StrataException bad = assertThrows(StrataException.class, () -> BinaryCache.parse(
                    "StorePath: /nix/store/11111111111111111111111111111111-a-1\nNarSize: " + size + "\n", "z"));
            assertEquals("z is not a narinfo: its NarSize '" + size + "' is not a whole number of bytes",
                    bad.getMessage());
        }
    }
}
