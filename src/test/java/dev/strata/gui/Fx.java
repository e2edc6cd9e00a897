package dev.strata.gui;

import dev.strata.compose.Composer;
import dev.strata.gui.common.ComposerPipeline;
import dev.strata.gui.common.Pipeline;
import dev.strata.nix.Nix;
import dev.strata.nix.TestNix;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import javafx.application.Platform;
import org.testfx.api.FxToolkit;

/**
 * Test support for view models: starts the JavaFX toolkit once (Monocle, headless, no window),
 * runs code on the FX thread, and waits for a condition the way a user waits for the screen.
 * The pipeline is the real one: real Nix with a private cache directory.
 */
public final class Fx {
    private static volatile boolean started;

    private Fx() {}

    public static synchronized void start() {
        if (started) {
            return;
        }
        // Through TestFX, so that window tests in the same JVM find the toolkit as TestFX started it.
        try {
            FxToolkit.registerPrimaryStage();
        } catch (TimeoutException e) {
            throw new AssertionError("the JavaFX toolkit did not start", e);
        }
        Platform.setImplicitExit(false);
        started = true;
    }

    public static Pipeline pipeline(Path cacheDir) {
        return new ComposerPipeline(new Composer(TestNix.create(cacheDir)));
    }

    public static Pipeline pipeline(Path cacheDir, Nix.Options options) {
        return new ComposerPipeline(new Composer(TestNix.create(cacheDir, options)));
    }

    /** Runs on the FX thread and returns the result. */
    public static <T> T call(Callable<T> c) {
        start();
        CompletableFuture<T> f = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                f.complete(c.call());
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        try {
            return f.get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new AssertionError(e.getCause());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    public static void run(Runnable r) {
        call(() -> {
            r.run();
            return null;
        });
    }

    /** Waits until the condition (evaluated on the FX thread) holds; fails with the message after the timeout. */
    public static void waitUntil(Supplier<Boolean> condition, Duration timeout, Supplier<String> whatWeWaitFor) {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            if (Boolean.TRUE.equals(call(condition::get))) {
                return;
            }
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("timed out waiting for " + whatWeWaitFor.get());
    }

    public static void waitUntil(Supplier<Boolean> condition, String what) {
        waitUntil(condition, Duration.ofSeconds(120), () -> what);
    }
}
