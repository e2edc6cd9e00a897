package dev.strata.input;

/** What reading an image reports as it goes; called from the reading thread. */
public interface ReadListener {
    ReadListener NONE = new ReadListener() { };

    /** A step, in words: "pulling layer 2 of 5 (3.1 MB)". */
    default void said(String message) { }

    /** Bytes of layers taken so far of about {@code total}. */
    default void bytes(long done, long total) { }

    /** Something the user should know (e.g. that --insecure is in use); one sentence. */
    default void warning(String message) { }
}
