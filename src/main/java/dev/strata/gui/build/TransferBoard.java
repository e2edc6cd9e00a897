package dev.strata.gui.build;

import dev.strata.compose.Sizes;
import dev.strata.output.ImageBlob;
import dev.strata.output.TransferEvent;
import dev.strata.output.TransferListener;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The per-blob bars of a push or load. The pusher reports from several threads at once, many times
 * a second per blob; {@link #on} only records the latest state of each blob (thread-safe, no FX
 * work), and {@link #sync} — called on the FX thread once per batch of progress events — copies what
 * changed into the rows. So the screen changes at most once per pulse however fast bytes move.
 * A blob that settles (sent, already there, mounted) also gets one line in the log.
 */
final class TransferBoard implements TransferListener {
    static final String ARCHIVE = "archive";

    private record Expected(String key, String title, long size) {}

    private record State(TransferEvent.Kind kind, long done, long size, String detail) {}

    private final List<Expected> expected = new CopyOnWriteArrayList<>();
    private final Map<String, String> titles = new ConcurrentHashMap<>();
    private final Map<String, State> states = new ConcurrentHashMap<>();
    private final ObservableList<BlobRow> rows = FXCollections.observableArrayList();
    private final Map<String, BlobRow> byKey = new HashMap<>();
    private final Map<String, State> shown = new HashMap<>();
    private volatile Consumer<String> log = s -> { };
    private final List<String> tagged = new CopyOnWriteArrayList<>();

    /** FX thread, before a transfer starts: forgets the previous one. */
    void reset() {
        log = s -> { };
        tagged.clear();
        expected.clear();
        titles.clear();
        states.clear();
        rows.clear();
        byKey.clear();
        shown.clear();
    }

    /** Any thread: where a line per settled blob goes. */
    void logTo(Consumer<String> log) {
        this.log = log;
    }

    /**
     * Worker (a builder thread): a layer of a push whose blob is ready while later layers are still
     * written; it goes up now, and gets its number in the image when {@link #expect} names them all.
     */
    void expectLayer(ImageBlob layer) {
        Expected e = new Expected(layer.digest(), String.format("layer     %s", hex(layer.digest())), layer.size());
        titles.putIfAbsent(e.key(), e.title());
        expected.add(e);
    }

    /**
     * Worker: the blobs of a push, in the order they go (layers, then the config); rows shown already
     * ({@link #expectLayer}) get their number and take their place in that order.
     */
    void expect(List<ImageBlob> layers, ImageBlob config) {
        List<Expected> all = new ArrayList<>();
        int n = 0;
        for (ImageBlob b : layers) {
            all.add(new Expected(b.digest(), String.format("layer %-3d %s", ++n, hex(b.digest())), b.size()));
        }
        all.add(new Expected(config.digest(), String.format("config    %s", hex(config.digest())), config.size()));
        for (Expected e : all) {
            titles.put(e.key(), e.title());
        }
        Set<String> keys = new HashSet<>();
        all.forEach(e -> keys.add(e.key()));
        expected.removeIf(e -> keys.contains(e.key()));
        expected.addAll(all);
    }

    /** The first 12 hex digits of a digest: enough to tell blobs apart, as docker prints them. */
    static String hex(String digest) {
        String h = digest.substring(digest.indexOf(':') + 1);
        return h.substring(0, Math.min(12, h.length()));
    }

    /** Worker: the one stream of a load. */
    void expectArchive(String title, long size) {
        titles.put(ARCHIVE, title);
        expected.add(new Expected(ARCHIVE, title, size));
    }

    @Override
    public void on(TransferEvent e) {
        if (e.kind() == TransferEvent.Kind.TAGGED) {
            tagged.add(e.detail()); // about the manifest, not a blob (TransferProgress logs it)
            return;
        }
        String key = e.digest() == null ? ARCHIVE : e.digest();
        State before = states.get(key);
        long done = e.kind() == TransferEvent.Kind.RETRYING && before != null ? before.done() : e.done();
        states.put(key, new State(e.kind(), done, e.size(), e.detail()));
        String title = titles.getOrDefault(key, key);
        switch (e.kind()) {
            case EXISTS -> log.accept(title + ": already in the registry");
            case MOUNTED -> log.accept(title + ": mounted from " + e.detail());
            case FINISHED -> log.accept(title + ": sent " + Sizes.human(Math.max(e.done(), e.size())));
            default -> { }
        }
    }

    /** FX thread: brings the rows up to date. */
    void sync() {
        boolean renamed = false;
        for (Expected e : expected) {
            BlobRow shownRow = byKey.get(e.key());
            if (shownRow == null) {
                BlobRow row = new BlobRow(e.key(), e.title(), e.size());
                row.statusProperty().set("waiting" + (e.size() >= 0 ? ", " + Sizes.human(e.size()) : ""));
                byKey.put(e.key(), row);
                rows.add(row);
            } else if (!shownRow.title().equals(e.title())) {
                BlobRow row = new BlobRow(e.key(), e.title(), e.size());
                row.statusProperty().set(shownRow.statusProperty().get());
                row.progressProperty().set(shownRow.progressProperty().get());
                byKey.put(e.key(), row);
                renamed = true;
            }
        }
        if (renamed) { // numbered now, and in the image's order
            List<BlobRow> ordered = new ArrayList<>();
            for (Expected e : expected) {
                BlobRow r = byKey.get(e.key());
                if (!ordered.contains(r)) {
                    ordered.add(r);
                }
            }
            rows.setAll(ordered);
        }
        for (Map.Entry<String, State> s : states.entrySet()) {
            BlobRow row = byKey.get(s.getKey());
            State state = s.getValue();
            if (row == null || state.equals(shown.get(s.getKey()))) {
                continue;
            }
            shown.put(s.getKey(), state);
            long size = state.size() > 0 ? state.size() : row.size();
            switch (state.kind()) {
                case STARTED, PROGRESS -> {
                    row.progressProperty().set(size > 0 ? Math.min(1, (double) state.done() / size) : -1);
                    row.statusProperty().set("sending " + Sizes.human(state.done())
                            + (size > 0 ? " of " + Sizes.human(size) : ""));
                }
                case EXISTS -> {
                    row.progressProperty().set(1);
                    row.statusProperty().set("already in the registry");
                }
                case MOUNTED -> {
                    row.progressProperty().set(1);
                    row.statusProperty().set("mounted from " + state.detail());
                }
                case FINISHED -> {
                    row.progressProperty().set(1);
                    row.statusProperty().set("sent " + Sizes.human(Math.max(state.done(), size)));
                }
                case RETRYING -> row.statusProperty().set("retrying: " + state.detail());
                default -> { }
            }
        }
    }

    /** FX thread: rows not finished get the word (cancelled, failed). */
    void markUnfinished(String word) {
        for (BlobRow r : rows) {
            if (r.progressProperty().get() < 1) {
                r.statusProperty().set(word);
                if (r.progressProperty().get() < 0) {
                    r.progressProperty().set(0);
                }
            }
        }
    }

    /** The tags a push stored so far (a push that stops half-way may have stored some). */
    List<String> tagged() {
        return List.copyOf(tagged);
    }

    ObservableList<BlobRow> rows() {
        return rows;
    }
}
