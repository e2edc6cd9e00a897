package dev.strata.compose;

import dev.strata.Redaction;

/**
 * Something the pipeline reports while it works: a stage's progress ({@code done} of
 * {@code total}, either may be -1 when unknown) with a short message, or a log line. Every face
 * shows or logs these, so a credential in a URL is masked here ({@link Redaction}).
 */
public record ProgressEvent(PipelineStep stage, Kind kind, String message, long done, long total) {
    public enum Kind { STARTED, PROGRESS, FINISHED, LOG }

    public ProgressEvent {
        message = Redaction.text(message);
    }

    public static ProgressEvent started(PipelineStep stage, String message) {
        return new ProgressEvent(stage, Kind.STARTED, message, 0, -1);
    }

    public static ProgressEvent progress(PipelineStep stage, String message, long done, long total) {
        return new ProgressEvent(stage, Kind.PROGRESS, message, done, total);
    }

    public static ProgressEvent finished(PipelineStep stage, String message) {
        return new ProgressEvent(stage, Kind.FINISHED, message, -1, -1);
    }

    public static ProgressEvent log(PipelineStep stage, String line) {
        return new ProgressEvent(stage, Kind.LOG, line, -1, -1);
    }

    /** A fraction in [0, 1], or -1 when unknown. */
    public double fraction() {
        return total > 0 && done >= 0 ? Math.min(1.0, (double) done / total) : -1;
    }
}
