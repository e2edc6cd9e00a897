package dev.strata.output.daemon;

import dev.strata.ChildProcesses;
import dev.strata.output.TarBodyWriter;
import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongConsumer;

/**
 * The fallback when no Engine API socket is reachable but the {@code docker} CLI works (a remote
 * context, ssh://, a TLS-protected tcp:// host): {@code docker load} with the tar on its standard
 * input. The process is made by a seam ({@code List<String> -> ProcessBuilder}), as in Jib's
 * CliDockerClient, so a test can give it another environment; processes start through
 * {@link ChildProcesses#start}, so they die with Strata.
 */
final class DockerCliLoader {
    private final Function<List<String>, ProcessBuilder> processes;

    DockerCliLoader(Function<List<String>, ProcessBuilder> processes) {
        this.processes = processes;
    }

    /** The same CLI pointed at {@code dockerHost} ({@code --docker-host}) through DOCKER_HOST. */
    DockerCliLoader withHost(String dockerHost) {
        return new DockerCliLoader(command -> {
            ProcessBuilder pb = processes.apply(command);
            pb.environment().put("DOCKER_HOST", dockerHost);
            return pb;
        });
    }

    /** Whether {@code docker version} reaches a daemon within {@code timeout} (at most 20 s). */
    boolean works(Duration timeout) {
        try {
            Process p = ChildProcesses.start(processes.apply(List.of("docker", "version", "--format",
                    "{{.Server.Version}}")).redirectErrorStream(true));
            p.getOutputStream().close();
            CompletableFuture<byte[]> out = drain(p.getInputStream());
            long millis = Math.min(timeout.toMillis(), 20_000);
            if (!p.waitFor(millis, TimeUnit.MILLISECONDS)) {
                stop(p);
                return false;
            }
            out.join();
            return p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * {@code docker load} with the archive on its standard input. The CLI must take the archive's
     * bytes without pausing longer than {@code timeout}, then finish within the timeout plus the
     * time a daemon may need to unpack what it got; else the process tree is killed.
     */
    LoadResult load(TarBodyWriter tar, Duration timeout, LongConsumer sent) {
        Process p;
        try {
            p = ChildProcesses.start(processes.apply(List.of("docker", "load")));
        } catch (IOException e) {
            throw new DaemonException("could not run the docker CLI: " + e.getMessage(), e);
        }
        try (ProgressDeadline deadline = new ProgressDeadline(timeout, "stopped taking the image for %d s",
                () -> stop(p))) {
            CompletableFuture<byte[]> out = drain(p.getInputStream());
            CompletableFuture<byte[]> err = drain(p.getErrorStream());
            IOException writeFailure = null;
            long[] total = {0};
            try (OutputStream stdin = new BufferedOutputStream(p.getOutputStream(), 1 << 20)) {
                tar.writeTo(new FilterOutputStream(stdin) {
                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        deadline.progress(); // making the bytes is our time, not the CLI's
                        out.write(b, off, len);
                        total[0] += len;
                        deadline.progress();
                        sent.accept(total[0]);
                    }

                    @Override
                    public void close() {
                        // closed below, after the whole archive
                    }
                });
            } catch (IOException e) {
                writeFailure = e;
            }
            if (!deadline.expired()) {
                deadline.await("did not finish within %d s", timeout.plusSeconds(total[0]
                        / EngineApi.UNPACK_BYTES_PER_SECOND));
            }
            int exit = p.waitFor();
            if (deadline.expired()) {
                throw new DaemonException("docker load " + String.format(deadline.waitingFor(),
                        deadline.allowanceSeconds()) + " (" + total[0] + " bytes sent) and was stopped; check that "
                        + "the daemon is healthy (e.g. docker info), or give it longer with --timeout");
            }
            String stdout = new String(out.join(), StandardCharsets.UTF_8);
            String stderr = new String(err.join(), StandardCharsets.UTF_8).strip();
            if (exit != 0) {
                throw new DaemonException("docker load failed: " + (stderr.isEmpty() ? "exit code " + exit
                        : EngineResponse.shown(stderr, 300)));
            }
            if (writeFailure != null) {
                throw new DaemonException("could not write the image to docker load: " + writeFailure.getMessage(),
                        writeFailure);
            }
            List<String> loaded = new ArrayList<>();
            String id = null;
            for (String line : stdout.split("\n")) {
                String l = line.strip();
                if (l.startsWith("Loaded image ID: ")) {
                    id = EngineResponse.shown(l.substring("Loaded image ID: ".length()), 300);
                } else if (l.startsWith("Loaded image: ")) {
                    loaded.add(EngineResponse.shown(l.substring("Loaded image: ".length()), 300));
                }
            }
            if (id == null && !loaded.isEmpty()) {
                id = inspectId(loaded.get(0), timeout);
            }
            return new LoadResult(loaded, id, "the docker CLI's daemon", "docker CLI", -1);
        } catch (InterruptedException e) {
            stop(p);
            Thread.currentThread().interrupt();
            throw new CancellationException("load cancelled");
        }
    }

    private String inspectId(String name, Duration timeout) throws InterruptedException {
        try {
            // The name comes from the daemon's answer: after "--", it can never be read as an option.
            Process p = ChildProcesses.start(processes.apply(List.of("docker", "image", "inspect", "--format", "{{.Id}}",
                    "--", name)));
            p.getOutputStream().close();
            CompletableFuture<byte[]> out = drain(p.getInputStream());
            drain(p.getErrorStream());
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                stop(p);
                return null; // the load worked; the ID is a courtesy
            }
            return p.exitValue() == 0 ? EngineResponse.shown(new String(out.join(), StandardCharsets.UTF_8), 300) : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** Kills the CLI and whatever it started. */
    private static void stop(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
    }

    private static CompletableFuture<byte[]> drain(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try (in) {
                return in.readAllBytes();
            } catch (IOException e) {
                return new byte[0];
            }
        });
    }
}
