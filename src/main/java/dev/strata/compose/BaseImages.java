package dev.strata.compose;

import dev.strata.image.BaseImage;
import dev.strata.image.Platform;
import dev.strata.input.ImageReader;
import dev.strata.input.ImageSummary;
import dev.strata.input.PullOptions;
import dev.strata.input.ReadListener;
import dev.strata.input.SourceImage;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The images recipes build on ({@code --from}), for one composer: each reference is opened (its
 * manifest and config read; a tag resolved to a digest) once and kept, so the plan that counts the
 * base's layers and the build that puts them in the image use the same base, even when the tag
 * moves between the two; its layers are brought into the cache when a build first needs them. A
 * new command line run resolves tags anew; the window does when its base image is checked again
 * ({@link #reopen}).
 */
final class BaseImages {
    private final Path cacheDir;
    private final Map<String, SourceImage> opened = new HashMap<>();
    private final Map<String, BaseImage> fetched = new HashMap<>();

    BaseImages(Path cacheDir) {
        this.cacheDir = cacheDir;
    }

    /** The opened image (opened now if it was not). */
    synchronized SourceImage open(String reference, Platform wanted, PullOptions options, ProgressListener listener) {
        SourceImage image = opened.get(reference);
        if (image == null) {
            image = read(reference, wanted, options, listener);
            opened.put(reference, image);
        }
        return image;
    }

    /** Opens the reference anew (a tag is resolved again), replacing what was kept. */
    synchronized ImageSummary reopen(String reference, Platform wanted, PullOptions options, ProgressListener listener) {
        SourceImage image = read(reference, wanted, options, listener);
        SourceImage old = opened.put(reference, image);
        fetched.remove(reference);
        if (old != null) {
            old.close();
        }
        return image.summary();
    }

    /** The base with every layer in the cache, for the image builder. */
    synchronized BaseImage fetch(String reference, Platform wanted, PullOptions options, ProgressListener listener) {
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
