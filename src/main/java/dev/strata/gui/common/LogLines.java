package dev.strata.gui.common;

import java.util.List;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/** The last {@code capacity} lines of a log, for a log pane: a long build never grows memory without bound. */
public final class LogLines {
    private final int capacity;
    private final ObservableList<String> lines = FXCollections.observableArrayList();

    public LogLines(int capacity) {
        this.capacity = capacity;
    }

    /** Appends lines in one change (one list event per batch, not per line). */
    public void addAll(List<String> more) {
        if (more.isEmpty()) {
            return;
        }
        int overflow = lines.size() + more.size() - capacity;
        if (overflow > 0) {
            if (overflow >= lines.size()) {
                lines.setAll(more.subList(Math.max(0, more.size() - capacity), more.size()));
                return;
            }
            lines.remove(0, overflow);
        }
        lines.addAll(more);
    }

    public void add(String line) {
        addAll(List.of(line));
    }

    public void clear() {
        lines.clear();
    }

    public ObservableList<String> lines() {
        return lines;
    }

    public String text() {
        return String.join("\n", lines);
    }
}
