package dev.strata.compose;

import dev.strata.image.BaseImage;
import dev.strata.image.BaseTree;
import dev.strata.image.BlobStore;
import dev.strata.image.Platform;
import dev.strata.input.ImageReader;
import dev.strata.input.ImageSummary;
import dev.strata.input.PullOptions;
import dev.strata.input.ReadListener;
import dev.strata.input.SourceImage;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The images recipes build on ({@code --from}), for one composer: each reference is opened (its
 * manifest and config read; a tag resolved to a digest) once and kept, so the plan that counts the
 * base's layers and the build that puts them in the image use the same base, even when the tag
 * moves between the two; its layers are brought into the cache when a build first needs them. A
 * new command line run resolves tags anew; the window does when its base image is checked again
 * ({@link #reopen}).
 *
 * <p>Reads are serialised per reference, not for the composer: a read takes a network round trip or
 * a daemon export (seconds, up to the pull timeout), and a second, unrelated base (another image in
 * {@code strata serve}, the window's base field while a build reads another) must not wait for it.
 * Callers of the same reference wait for the one read and then share its result; a waiting caller
 * stops when its thread is interrupted (a {@link CancellationException}), and a failed read leaves
 * nothing behind, so the next caller reads again.
 */
final class BaseImages {
    private final Path cacheDir;
    private final Map<String, SourceImage> opened = new ConcurrentHashMap<>();
    private final Map<String, BaseImage> fetched = new ConcurrentHashMap<>();
    private final Map<String, BaseTree> trees = new ConcurrentHashMap<>();
    /** The lock of each reference being read or waited for; removed when nobody holds or waits for it. */
    private final Map<String, Slot> slots = new HashMap<>();

    /** One reference's lock and how many callers hold or wait for it (guarded by {@code slots}). */
    private static final class Slot {
        final ReentrantLock lock = new ReentrantLock();
        int users;
    }

    BaseImages(Path cacheDir) {
        this.cacheDir = cacheDir;
    }

    /** The opened image (opened now if it was not). */
    SourceImage open(String reference, Platform wanted, PullOptions options, ProgressListener listener) {
        SourceImage kept = opened.get(reference);
        return kept != null ? kept : alone(reference, () -> {
            SourceImage image = opened.get(reference);
            if (image == null) {
                image = read(reference, wanted, options, listener);
                opened.put(reference, image);
            }
            return image;
        });
    }

    /** Opens the reference anew (a tag is resolved again), replacing what was kept. */
    ImageSummary reopen(String reference, Platform wanted, PullOptions options, ProgressListener listener) {
        return alone(reference, () -> {
            SourceImage image = read(reference, wanted, options, listener);
            SourceImage old = opened.put(reference, image);
            fetched.remove(reference);
            trees.remove(reference);
            if (old != null) {
                old.close();
            }
            return image.summary();
        });
    }

    /** The base with every layer in the cache, for the image builder. */
    BaseImage fetch(String reference, Platform wanted, PullOptions options, ProgressListener listener) {
        BaseImage kept = fetched.get(reference);
        return kept != null ? kept : alone(reference, () -> {
            BaseImage base = fetched.get(reference);
            if (base != null) {
                return base;
            }
            SourceImage image = open(reference, wanted, options, listener);
            listener.on(ProgressEvent.started(PipelineStep.BASE, "Taking the " + image.layers().size() + " layers of "
                    + reference + " (" + Sizes.human(image.size()) + ")"));
            base = image.fetch(events(listener));
            fetched.put(reference, base);
            listener.on(ProgressEvent.finished(PipelineStep.BASE, image.layers().size() + " base layers in the cache"));
            return base;
        });
    }

    /**
     * The base's file tree ({@link BaseTree}: what its layers hold, merged), its layers fetched
     * first; kept, so that checking a program as it is typed lists the layers once.
     */
    BaseTree tree(String reference, Platform wanted, PullOptions options, ProgressListener listener) {
        BaseTree kept = trees.get(reference);
        return kept != null ? kept : alone(reference, () -> {
            BaseTree tree = trees.get(reference);
            if (tree == null) {
                tree = BaseTree.of(BlobStore.in(cacheDir), fetch(reference, wanted, options, listener));
                trees.put(reference, tree);
            }
            return tree;
        });
    }

    /** The references being read or waited for now (for tests: none once every caller has returned). */
    int busyReferences() {
        synchronized (slots) {
            return slots.size();
        }
    }

    /**
     * Runs {@code work} holding the reference's lock (reentrant: {@link #fetch} opens under it), so
     * that one caller at a time reads a reference while other references are read at the same time.
     */
    private <T> T alone(String reference, Supplier<T> work) {
        Slot slot;
        synchronized (slots) {
            slot = slots.computeIfAbsent(reference, r -> new Slot());
            slot.users++;
        }
        try {
            try {
                slot.lock.lockInterruptibly();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CancellationException("waiting for the base image " + reference + " was cancelled");
            }
            try {
                return work.get();
            } finally {
                slot.lock.unlock();
            }
        } finally {
            synchronized (slots) {
                if (--slot.users == 0) {
                    slots.remove(reference);
                }
            }
        }
    }

    private SourceImage read(String reference, Platform wanted, PullOptions options, ProgressListener listener) {
        listener.on(ProgressEvent.started(PipelineStep.BASE, "Reading the base image " + reference));
        SourceImage image = new ImageReader(cacheDir, options).open(reference, wanted, events(listener));
        listener.on(ProgressEvent.finished(PipelineStep.BASE, reference + " is " + image.digest() + " ("
                + image.platform().describe() + ", " + image.layers().size() + " layers, " + Sizes.human(image.size())
                + ")"));
        return image;
    }

    private static ReadListener events(ProgressListener listener) {
        return new ReadListener() {
            @Override
            public void said(String message) {
                listener.on(ProgressEvent.log(PipelineStep.BASE, message));
            }

            @Override
            public void bytes(long done, long total) {
                listener.on(ProgressEvent.progress(PipelineStep.BASE, Sizes.human(done) + (total > 0 ? " of "
                        + Sizes.human(total) : ""), done, total));
            }

            @Override
            public void warning(String message) {
                listener.on(ProgressEvent.log(PipelineStep.BASE, "warning: " + message));
            }
        };
    }
}
