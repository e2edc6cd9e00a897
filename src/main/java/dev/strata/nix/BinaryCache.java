package dev.strata.nix;

import dev.strata.BoundedHttp;
import dev.strata.StrataException;
import dev.strata.closure.StorePath;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * A Nix binary cache read over HTTP(S) or from a {@code file://} directory: fetches
 * {@code <hash>.narinfo} for store paths and, recursively, for everything they reference, with at
 * most {@code jobs} requests in flight. This is how popularity is counted for a package set too big
 * to build, as Nixery's popcount does against cache.nixos.org.
 */
public final class BinaryCache {
    /** What a narinfo says about one store path. */
    public record NarInfo(StorePath path, long narSize, List<StorePath> references) {
        public NarInfo {
            references = List.copyOf(references);
        }
    }

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
    /** A narinfo is a few hundred bytes; even thousands of references stay far below this. */
    private static final long MAX_NARINFO = 4L << 20;

    private final String base;
    private final int jobs;
    private final HttpClient client;
    private final Duration timeout;

    /** @param url {@code http(s)://HOST/PATH} or {@code file:///DIR} */
    public BinaryCache(String url, int jobs) {
        this(url, jobs, REQUEST_TIMEOUT);
    }

    /** @param timeout how long one narinfo may take to arrive, whole */
    BinaryCache(String url, int jobs, Duration timeout) {
        String u = url == null ? "" : url.strip();
        while (u.endsWith("/")) {
            u = u.substring(0, u.length() - 1);
        }
        if (!(u.startsWith("http://") || u.startsWith("https://") || u.startsWith("file://"))) {
            throw new StrataException("the binary cache '" + url + "' is not an http(s):// or file:// URL; "
                    + "write e.g. https://cache.example.org or file:///srv/cache");
        }
        if (u.startsWith("file://")) {
            try {
                Path.of(new URI(u + "/x"));
            } catch (URISyntaxException | IllegalArgumentException e) {
                throw new StrataException("the binary cache URL '" + url + "' is not a valid file URL (" + e.getMessage()
                        + "); write file:///absolute/directory");
            }
        } else {
            BoundedHttp.httpUrl(u, "the binary cache URL");
        }
        if (jobs < 1 || jobs > 256) {
            throw new StrataException("--jobs " + jobs + " is out of range; choose 1 to 256 concurrent requests");
        }
        this.base = u;
        this.jobs = jobs;
        this.timeout = timeout;
        this.client = u.startsWith("file://") ? null : HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NORMAL).connectTimeout(timeout).build();
    }

    public String url() {
        return base;
    }

    /**
     * The narinfo of every given path and of everything they reference, directly or not.
     *
     * @param progress told the number of narinfos read so far, now and then (from worker threads)
     */
    public Map<StorePath, NarInfo> closure(Collection<StorePath> start, IntConsumer progress) {
        Map<StorePath, NarInfo> found = new ConcurrentHashMap<>();
        Set<StorePath> queued = ConcurrentHashMap.newKeySet();
        AtomicInteger pending = new AtomicInteger();
        CompletableFuture<Void> done = new CompletableFuture<>();
        ExecutorService pool = Executors.newFixedThreadPool(jobs, r -> {
            Thread t = new Thread(r, "narinfo-fetch");
            t.setDaemon(true);
            return t;
        });
        class Fetch implements Runnable {
            private final StorePath path;

            Fetch(StorePath path) {
                this.path = path;
            }

            @Override
            public void run() {
                if (done.isDone()) {
                    return;
                }
                try {
                    NarInfo info = fetch(path);
                    found.put(path, info);
                    int count = found.size();
                    if (count % 100 == 0) {
                        progress.accept(count);
                    }
                    for (StorePath ref : info.references()) {
                        if (queued.add(ref)) {
                            pending.incrementAndGet();
                            pool.execute(new Fetch(ref));
                        }
                    }
                } catch (RuntimeException e) {
                    done.completeExceptionally(e);
                } finally {
                    if (pending.decrementAndGet() == 0) {
                        done.complete(null);
                    }
                }
            }
        }
        try {
            List<StorePath> roots = new ArrayList<>();
            for (StorePath p : start) {
                if (queued.add(p)) {
                    roots.add(p);
                }
            }
            if (roots.isEmpty()) {
                return Map.of();
            }
            pending.addAndGet(roots.size());
            roots.forEach(p -> pool.execute(new Fetch(p)));
            done.get();
            progress.accept(found.size());
            return Map.copyOf(found);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("cancelled while reading narinfos from " + base);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(cause);
        } finally {
            pool.shutdownNow();
        }
    }

    /** The narinfo of one path. */
    public NarInfo fetch(StorePath path) {
        String name = path.hash() + ".narinfo";
        String where = base + "/" + name;
        String text;
        if (client == null) {
            Path file = Path.of(URI.create(where));
            try {
                text = Files.readString(file, StandardCharsets.UTF_8);
            } catch (NoSuchFileException e) {
                throw missing(path, where);
            } catch (IOException e) {
                throw new StrataException("cannot read " + file + " from the binary cache " + base + ": " + e.getMessage());
            }
        } else {
            HttpResponse<byte[]> r;
            try {
                r = BoundedHttp.send(client, HttpRequest.newBuilder(URI.create(where)).timeout(timeout).GET()
                        .build(), timeout, MAX_NARINFO);
            } catch (ConnectException e) {
                throw new StrataException("cannot reach the binary cache " + base + " (connection refused); check the "
                        + "URL and that the cache is being served");
            } catch (HttpTimeoutException e) {
                throw new StrataException("the binary cache " + base + " did not answer within "
                        + timeout.toSeconds() + " s for " + name + "; check the URL or try again");
            } catch (IOException e) {
                throw new StrataException("cannot read " + name + " from the binary cache " + base + " ("
                        + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())
                        + "); check the URL and the network");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CancellationException("cancelled while reading " + where);
            }
            if (r.statusCode() == 404) {
                throw missing(path, where);
            }
            if (r.statusCode() != 200) {
                throw new StrataException("the binary cache " + base + " answered HTTP " + r.statusCode() + " for "
                        + name + "; check the URL and that the cache is served correctly");
            }
            text = new String(r.body(), StandardCharsets.UTF_8);
        }
        NarInfo info = parse(text, where);
        if (!info.path().equals(path)) {
            throw new StrataException(where + " describes " + info.path() + ", not " + path
                    + "; the binary cache is inconsistent, use another one");
        }
        return info;
    }

    private StrataException missing(StorePath path, String where) {
        return new StrataException("the binary cache " + base + " has no " + path + " (no " + where
                + "); check that the path list belongs to this cache");
    }

    /** Reads the fields Strata needs from narinfo text: StorePath, NarSize, References. */
    public static NarInfo parse(String text, String origin) {
        StorePath path = null;
        long narSize = -1;
        List<String> refs = List.of();
        for (String line : text.split("\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String key = line.substring(0, colon).strip();
            String value = line.substring(colon + 1).strip();
            switch (key) {
                case "StorePath":
                    try {
                        path = StorePath.of(value);
                    } catch (IllegalArgumentException e) {
                        throw new StrataException(origin + " is not a narinfo: its StorePath '" + value
                                + "' is not a store path");
                    }
                    break;
                case "NarSize":
                    try {
                        narSize = Long.parseLong(value);
                    } catch (NumberFormatException e) {
                        narSize = -1;
                    }
                    if (narSize < 0) {
                        throw new StrataException(origin + " is not a narinfo: its NarSize '" + value
                                + "' is not a whole number of bytes");
                    }
                    break;
                case "References":
                    refs = value.isEmpty() ? List.of() : List.of(value.split("\\s+"));
                    break;
                default:
                    break;
            }
        }
        if (path == null) {
            throw new StrataException(origin + " is not a narinfo (it has no StorePath line); check the cache URL");
        }
        List<StorePath> references = new ArrayList<>();
        for (String r : refs) {
            try {
                references.add(StorePath.of(path.storeDir() + "/" + r));
            } catch (IllegalArgumentException e) {
                throw new StrataException(origin + " is not a narinfo: the reference '" + r
                        + "' is not a store path name");
            }
        }
        return new NarInfo(path, Math.max(0, narSize), references); // no NarSize line: unknown, 0
    }
}
