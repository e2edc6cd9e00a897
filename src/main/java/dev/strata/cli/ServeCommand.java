package dev.strata.cli;

import dev.strata.Redaction;
import dev.strata.StrataException;
import dev.strata.compose.Composer;
import dev.strata.compose.Recipe;
import dev.strata.compose.UpstreamRegistry;
import dev.strata.serve.ConnectionLimits;
import dev.strata.serve.Htpasswd;
import dev.strata.serve.PipelineImages;
import dev.strata.serve.RegistryServer;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code strata serve}: a Nixery-compatible registry that builds images on demand. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Serve images built on demand: 'docker pull HOST:PORT/shell/git/hello' builds an image of those "
                + "packages (a leading 'shell' adds a shell and core utilities).",
                "For git sources the tag names a branch, tag or commit ('latest' is the default branch)."})
public final class ServeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    SourceOptions source;

    @Mixin
    LayeringOptions layering;

    @Option(names = "--listen", paramLabel = "HOST:PORT", description = "Where to listen (default: 127.0.0.1:8080).")
    String listen = "127.0.0.1:8080";

    @Option(names = "--htpasswd", paramLabel = "FILE", description = "Require basic authentication with the users of "
            + "this htpasswd file (bcrypt entries: htpasswd -B).")
    Path htpasswd;

    @Option(names = "--build-timeout", paramLabel = "SECONDS", description = "Give up on a build after this long "
            + "(default: 1200).")
    int buildTimeout = 1200;

    @Option(names = "--max-builds", paramLabel = "N", description = "Builds running at once (default: 2).")
    int maxBuilds = 2;

    @Option(names = "--queue", paramLabel = "N", description = "Builds waiting at most; more get 503 TOOMANYREQUESTS "
            + "(default: 32).")
    int queue = 32;

    @Option(names = "--max-connections", paramLabel = "N", description = "Client connections open at once "
            + "(default: 256); when all are taken, the one waiting longest without a complete request makes room.")
    int maxConnections = ConnectionLimits.DEFAULTS.maxConnections();

    @Option(names = "--max-connections-per-client", paramLabel = "N", description = "Connections one client address "
            + "(an IPv6 /64) may hold (default: 64; raise it for many clients behind one NAT address).")
    int maxConnectionsPerClient = ConnectionLimits.DEFAULTS.maxPerClient();

    @Option(names = "--upstream", paramLabel = "URL", description = "Store every built image in this registry "
            + "(http(s)://HOST:PORT/PREFIX, one repository PREFIX/NAME per image name) and redirect blob requests "
            + "there (307), so blob bytes never pass through this server.")
    String upstream;

    @Option(names = "--upstream-ca-cert", paramLabel = "FILE", description = "Trust this CA certificate (PEM) for an "
            + "https:// --upstream, besides the system's.")
    Path upstreamCaCert;

    @Option(names = "--upstream-creds-file", paramLabel = "FILE", description = "USER:PASSWORD for the --upstream "
            + "registry on this file's first line (default: the Docker config's login for it).")
    Path upstreamCredsFile;

    @Option(names = "--upstream-timeout", paramLabel = "SECONDS", description = "Give up on an --upstream that does "
            + "not answer for this long (default: 60; pushes get more by their size).")
    Integer upstreamTimeout;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter err = spec.commandLine().getErr();
        if (layering.previous != null) {
            // The server plans many images; one previous build cannot stand for all of them.
            throw new StrataException("serve does not take --previous (it names the previous build of one image); "
                    + "drop it");
        }
        InetSocketAddress address = parseListen(listen);
        Duration limit = OptionRanges.BUILD_TIMEOUT.seconds(buildTimeout, null);
        OptionRanges.MAX_BUILDS.check(maxBuilds);
        OptionRanges.QUEUE.check(queue);
        OptionRanges.MAX_CONNECTIONS.check(maxConnections);
        OptionRanges.MAX_CONNECTIONS_PER_CLIENT.check(maxConnectionsPerClient);
        RegistryServer.Options options = RegistryServer.Options.defaults(address)
                .withBuildTimeout(limit)
                .withBuildLimits(maxBuilds, queue)
                .withConnections(ConnectionLimits.DEFAULTS.withConnections(maxConnections, maxConnectionsPerClient));
        if (htpasswd != null && !Files.isRegularFile(htpasswd)) {
            throw new StrataException("--htpasswd " + htpasswd + (Files.exists(htpasswd) ? " is not a file"
                    : " does not exist") + "; create it with: htpasswd -cB " + htpasswd + " USER");
        }
        if (htpasswd != null) {
            options = options.withAuth(Htpasswd.read(htpasswd));
        } else if (!address.getAddress().isLoopbackAddress()) {
            err.println("strata: warning: serving on " + listen + " without --htpasswd: anyone who reaches it can "
                    + "make this machine build packages");
        }
        if (upstream == null && (upstreamCaCert != null || upstreamCredsFile != null || upstreamTimeout != null)) {
            throw new StrataException("--upstream-ca-cert, --upstream-creds-file and --upstream-timeout need "
                    + "--upstream URL; add it, e.g. --upstream http://127.0.0.1:5000/nix");
        }
        Duration upstreamLimit = OptionRanges.UPSTREAM_TIMEOUT.seconds(upstreamTimeout, Duration.ofSeconds(60));
        Composer composer = Composer.fromEnvironment(source.timeout(), source.allowUnfree);
        String sourceSpec = composer.source(source.source).spec(); // decided once, not per request
        CommandRecipe settings = new CommandRecipe(Recipe.builder().source(sourceSpec).allowUnfree(source.allowUnfree)
                .allowBroken(source.allowBroken).build());
        layering.applyTo(settings);
        Recipe template = settings.build();
        DateTimeFormatter time = DateTimeFormatter.ofPattern("HH:mm:ss");
        Consumer<String> log = line -> {
            err.println(LocalTime.now().format(time) + " " + Redaction.text(line));
            err.flush();
        };
        Optional<UpstreamRegistry> store = upstream == null ? Optional.empty()
                : Optional.of(UpstreamRegistry.open(upstream, upstreamCaCert, upstreamCredsFile, composer,
                        upstreamLimit, w -> log.accept("warning: " + w)));
        store.ifPresent(u -> log.accept("images are stored in " + u.describe() + (u.redirects()
                ? "; blob requests are redirected there"
                : "; it asks readers for credentials, which clients do not send after a redirect, so blobs are "
                        + "served from here")));
        PipelineImages images = new PipelineImages(composer, sourceSpec, template, log, store);
        RegistryServer server = RegistryServer.start(images, options, log);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "strata-serve-stop"));
        err.println("strata: serving " + composer.source(sourceSpec).describe() + " " + where(server.address()));
        err.flush();
        stopped.await();
        return 0;
    }

    static InetSocketAddress parseListen(String text) {
        int colon = text.lastIndexOf(':');
        try {
            int port = Integer.parseInt(text.substring(colon + 1));
            String host = colon <= 0 ? "127.0.0.1" : text.substring(0, colon).replace("[", "").replace("]", "");
            if (port < 0 || port > 65535) {
                throw new NumberFormatException();
            }
            return new InetSocketAddress(InetAddress.getByName(host), port);
        } catch (NumberFormatException | UnknownHostException e) {
            throw new StrataException("--listen " + text + " is not HOST:PORT; write e.g. --listen 127.0.0.1:8080");
        }
    }

    /**
     * Where the server listens and a pull that reaches it, e.g. {@code on http://127.0.0.1:8080 (e.g. docker
     * pull 127.0.0.1:8080/shell/hello)}. A wildcard address (0.0.0.0, which Java reports as the IPv6
     * {@code 0:0:0:0:0:0:0:0}) is no address to pull from: the example uses this machine's loopback; an
     * IPv6 address is written in brackets, as URLs and image references need.
     */
    static String where(InetSocketAddress address) {
        String host = address.getHostString();
        if (address.getAddress() != null && address.getAddress().isAnyLocalAddress()) {
            return "on every address, port " + address.getPort() + " (e.g. docker pull 127.0.0.1:" + address.getPort()
                    + "/shell/hello on this machine)";
        }
        String hostPort = (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
        return "on http://" + hostPort + " (e.g. docker pull " + hostPort + "/shell/hello)";
    }
}
