package dev.strata.output.daemon;

import dev.strata.ChildProcesses;
import dev.strata.output.TarBodyWriter;
import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
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

    /** Whether {@code docker version} reaches a daemon (within 20 s). */
    boolean works() {
        try {
            Process p = ChildProcesses.start(processes.apply(List.of("docker", "version", "--format",
                    "{{.Server.Version}}")).redirectErrorStream(true));
            p.getOutputStream().close();
            CompletableFuture<byte[]> out = drain(p.getInputStream());
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
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

    LoadResult load(TarBodyWriter tar, LongConsumer sent) {
        try {
            Process p = ChildProcesses.start(processes.apply(List.of("docker", "load")));
            CompletableFuture<byte[]> out = drain(p.getInputStream());
            CompletableFuture<byte[]> err = drain(p.getErrorStream());
            IOException writeFailure = null;
            try (OutputStream stdin = new BufferedOutputStream(p.getOutputStream(), 1 << 20)) {
                long[] total = {0};
                tar.writeTo(new FilterOutputStream(stdin) {
                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        out.write(b, off, len);
                        total[0] += len;
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
            int exit = p.waitFor();
            String stdout = new String(out.join(), StandardCharsets.UTF_8);
            String stderr = new String(err.join(), StandardCharsets.UTF_8).strip();
            if (exit != 0) {
                throw new DaemonException("docker load failed: " + (stderr.isEmpty() ? "exit code " + exit
                        : stderr.replaceAll("\\s+", " ")));
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
                    id = l.substring("Loaded image ID: ".length()).strip();
                } else if (l.startsWith("Loaded image: ")) {
                    loaded.add(l.substring("Loaded image: ".length()).strip());
                }
            }
            if (id == null && !loaded.isEmpty()) {
                id = inspectId(loaded.get(0));
            }
            return new LoadResult(loaded, id, "the docker CLI's daemon", "docker CLI", -1);
        } catch (IOException e) {
            throw new DaemonException("could not run the docker CLI: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("load cancelled");
        }
    }

    private String inspectId(String name) throws IOException, InterruptedException {
        // The name comes from the daemon's answer: after "--", it can never be read as an option.
        Process p = ChildProcesses.start(processes.apply(List.of("docker", "image", "inspect", "--format", "{{.Id}}",
                "--", name)));
        p.getOutputStream().close();
        CompletableFuture<byte[]> out = drain(p.getInputStream());
        drain(p.getErrorStream());
        return p.waitFor() == 0 ? new String(out.join(), StandardCharsets.UTF_8).strip() : null;
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
