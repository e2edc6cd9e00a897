package dev.strata.gui.build;

import javafx.beans.property.DoubleProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/** One blob of a push (or the archive of a load) as the build screen shows it: a name, a bar, what happened. */
public final class BlobRow {
    private final String key;
    private final String title;
    private final long size;
    private final DoubleProperty progress = new SimpleDoubleProperty(0);
    private final StringProperty status = new SimpleStringProperty("waiting");

    BlobRow(String key, String title, long size) {
        this.key = key;
        this.title = title;
        this.size = size;
    }

    /** The blob's digest, or {@code archive} for a load. */
    public String key() {
        return key;
    }

    /** e.g. {@code layer 3  sha256:2f1e9c0a4b7d}. */
    public String title() {
        return title;
    }

    public long size() {
        return size;
    }

    /** 0..1: bytes sent of the blob's size (1 when the registry had it or mounted it). */
    public DoubleProperty progressProperty() {
        return progress;
    }

    /** waiting, sending 1.2 MiB of 3 MiB, sent, already in the registry, mounted from ..., retrying ... */
    public StringProperty statusProperty() {
        return status;
    }
}
