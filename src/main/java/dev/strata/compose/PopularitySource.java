package dev.strata.compose;

import dev.strata.BoundedHttp;
import dev.strata.StrataException;
import dev.strata.layering.Popularity;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CancellationException;

/**
 * Where {@code --popularity FILE|URL} data comes from: a file (a path or a {@code file://} URL) or
 * an http(s) URL. A download is outside input twice over: the whole answer must arrive within a
 * deadline (a server that stalls after its headers would otherwise hold a build for ever) and it
 * may not exceed {@link #MAX_BYTES} (a full nixpkgs' popularity is a few MB).
 */
final class PopularitySource {
    static final Duration DOWNLOAD_DEADLINE = Duration.ofSeconds(60);
    static final long MAX_BYTES = 64L << 20;

    private PopularitySource() {}

    static boolean isUrl(String spec) {
        String s = spec.strip();
        return s.startsWith("http://") || s.startsWith("https://");
    }

    /** Reads the data of a file or URL (downloaded within {@code deadline}, at most {@link #MAX_BYTES}). */
    static Popularity load(String spec, Duration deadline) {
        return load(spec, deadline, MAX_BYTES);
    }

    static Popularity load(String spec, Duration deadline, long maxBytes) {
        if (spec == null || spec.isBlank()) {
            throw new StrataException("the popularity source is empty; give a file or an http(s) URL");
        }
        return isUrl(spec) ? download(spec.strip(), deadline, maxBytes) : Popularity.read(file(spec));
    }

    /** The file a non-URL spec names: a path, or the path of a {@code file://} URL. */
    static Path file(String spec) {
        String s = spec.strip();
        try {
            if (s.startsWith("file:")) {
                URI uri = new URI(s);
                if (uri.getPath() == null || uri.getPath().isEmpty() || (uri.getAuthority() != null
                        && !uri.getAuthority().equals("localhost"))) {
                    throw new StrataException("--popularity " + spec + " is not a file URL; write file:///absolute/path "
                            + "or just the path");
                }
                return Path.of(uri.getPath());
            }
            return Path.of(s);
        } catch (URISyntaxException e) {
            throw new StrataException("--popularity " + spec + " is not a valid file URL (" + e.getMessage()
                    + "); write file:///absolute/path or just the path");
        } catch (InvalidPathException e) {
            throw new StrataException("--popularity " + spec + " is not a file path (" + e.getReason()
                    + "); give the popularity file's path or an http(s) URL");
        }
    }

    private static Popularity download(String url, Duration deadline, long maxBytes) {
        URI uri = BoundedHttp.httpUrl(url, "the popularity URL");
        HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(deadline).build();
        try {
            HttpResponse<byte[]> r = BoundedHttp.send(client, HttpRequest.newBuilder(uri).timeout(deadline).GET().build(),
                    deadline, maxBytes);
            if (r.statusCode() != 200) {
                throw new StrataException("the popularity URL " + url + " answered HTTP " + r.statusCode()
                        + "; check the URL, or download the file and pass its path");
            }
            return Popularity.parse(new ByteArrayInputStream(r.body()), "the popularity data at " + url);
        } catch (HttpTimeoutException e) {
            throw new StrataException("the popularity URL " + url + " did not send its data within "
                    + deadline.toSeconds() + " s; check the URL and the network, or download the file and pass its path");
        } catch (IOException e) {
            throw new StrataException("cannot download the popularity data from " + url + " ("
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + "); check the URL and the network, or pass a local file");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("cancelled while downloading " + url);
        }
    }
}
