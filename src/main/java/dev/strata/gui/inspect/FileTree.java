package dev.strata.gui.inspect;

import dev.strata.inspect.LayerFile;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CancellationException;

/**
 * A layer's files as a tree with sizes, built off the FX thread from a flat listing: parents a
 * tar leaves out are made up as directories, each directory's size is the sum of the regular
 * files below it, children are sorted directories first, then by name. Example, from the tar
 * entries {@code nix/store/a-hello/bin/hello} (100 B) and {@code bin/hello -> /nix/store/a-hello/bin/hello}:
 *
 * <pre>
 *   /                   100 B   2 files
 *     nix/              100 B
 *       store/          100 B
 *         a-hello/      100 B
 *           bin/        100 B
 *             hello     100 B
 *     bin/                0 B
 *       hello -> /nix/store/a-hello/bin/hello
 * </pre>
 *
 * ({@code FileTreeTest} checks this.) {@link #filter} keeps the entries whose name holds the
 * query, with their parents; the parents are to be shown expanded, a matching directory's own
 * contents are kept whole (and shown folded).
 */
public final class FileTree {
    /** At most this many matches are kept by {@link #filter}: a tree of them stays quick to show. */
    public static final int MAX_MATCHES = 2000;

    /** One file or directory. {@code size}: a file's bytes, a directory's files' bytes in all. */
    public static final class Entry {
        private final String name;
        private final String path;
        private String type;
        private int mode;
        private long size;
        private String linkTarget = "";
        private long files;
        private boolean expanded;
        private boolean match;
        private List<Entry> children = new ArrayList<>();

        Entry(String name, String path, String type) {
            this.name = name;
            this.path = path;
            this.type = type;
        }

        public String name() {
            return name;
        }

        /** The path in the image, without a leading {@code /} ("" for the root). */
        public String path() {
            return path;
        }

        /** {@code file}, {@code dir}, {@code symlink}, {@code hardlink}, {@code whiteout} ... as the tar says. */
        public String type() {
            return type;
        }

        public int mode() {
            return mode;
        }

        public long size() {
            return size;
        }

        public String linkTarget() {
            return linkTarget;
        }

        /** Regular files at or below this entry. */
        public long files() {
            return files;
        }

        public List<Entry> children() {
            return children;
        }

        public boolean isDirectory() {
            return type.equals("dir");
        }

        /** In a filtered tree: shown open (a parent of a match). */
        public boolean expanded() {
            return expanded;
        }

        /** In a filtered tree: its name holds the query. */
        public boolean match() {
            return match;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private final Entry root;
    private final long matches;
    private final boolean capped;

    private FileTree(Entry root, long matches, boolean capped) {
        this.root = root;
        this.matches = matches;
        this.capped = capped;
    }

    /** The tree of a layer's entries in tar order (a later entry for the same path replaces an earlier one). */
    public static FileTree of(List<LayerFile> files) {
        Entry root = new Entry("/", "", "dir");
        Map<String, Entry> byPath = new HashMap<>();
        byPath.put("", root);
        int n = 0;
        for (LayerFile f : files) {
            if ((++n & 4095) == 0 && Thread.currentThread().isInterrupted()) {
                throw new CancellationException("building the file tree was cancelled");
            }
            Entry e = entry(byPath, f.path());
            e.type = f.type();
            e.mode = f.mode();
            e.size = f.type().equals("file") ? f.size() : 0;
            e.linkTarget = f.linkTarget() == null ? "" : f.linkTarget();
        }
        finish(root);
        return new FileTree(root, 0, false);
    }

    private static Entry entry(Map<String, Entry> byPath, String path) {
        Entry e = byPath.get(path);
        if (e != null) {
            return e;
        }
        int slash = path.lastIndexOf('/');
        Entry parent = entry(byPath, slash < 0 ? "" : path.substring(0, slash));
        e = new Entry(path.substring(slash + 1), path, "dir");
        parent.children.add(e);
        byPath.put(path, e);
        return e;
    }

    private static final Comparator<Entry> ORDER = Comparator.comparing((Entry e) -> !e.isDirectory())
            .thenComparing(e -> e.name);

    /** Sums sizes and counts bottom-up and sorts children, without recursion (deep trees are fine). */
    private static void finish(Entry root) {
        List<Entry> order = new ArrayList<>();
        List<Entry> stack = new ArrayList<>(List.of(root));
        while (!stack.isEmpty()) {
            Entry e = stack.remove(stack.size() - 1);
            order.add(e);
            stack.addAll(e.children);
        }
        for (int i = order.size() - 1; i >= 0; i--) {
            Entry e = order.get(i);
            if (!e.children.isEmpty()) {
                e.size = e.isDirectory() ? 0 : e.size;
                e.files = e.type.equals("file") ? 1 : 0;
                for (Entry c : e.children) {
                    e.size += c.size;
                    e.files += c.files;
                }
                e.children.sort(ORDER);
                e.children = Collections.unmodifiableList(e.children);
            } else {
                e.files = e.type.equals("file") ? 1 : 0;
                e.children = List.of();
            }
        }
    }

    public Entry root() {
        return root;
    }

    /** In a filtered tree: how many entries' names hold the query (counted up to {@link #MAX_MATCHES}). */
    public long matches() {
        return matches;
    }

    /** In a filtered tree: true when more entries matched than {@link #MAX_MATCHES}. */
    public boolean capped() {
        return capped;
    }

    /**
     * The entries whose name holds {@code query} (case-insensitive; a query with {@code /} is matched
     * against the whole path) and their parents; a blank query gives this tree.
     */
    public FileTree filter(String query) {
        String q = query == null ? "" : query.strip().toLowerCase(Locale.ROOT);
        if (q.isEmpty()) {
            return this;
        }
        long[] count = {0};
        Entry kept = keep(root, q, count);
        if (kept == null) {
            kept = new Entry("/", "", "dir");
            kept.children = List.of();
        }
        kept.expanded = true;
        return new FileTree(kept, Math.min(count[0], MAX_MATCHES), count[0] > MAX_MATCHES);
    }

    /** A copy of {@code e} with only what leads to matches, or null; a match is kept whole. */
    private static Entry keep(Entry e, String q, long[] count) {
        if (count[0] > MAX_MATCHES) {
            return null;
        }
        if (Thread.currentThread().isInterrupted()) {
            throw new CancellationException("searching the file tree was cancelled");
        }
        String hay = (q.contains("/") ? e.path : e.name).toLowerCase(Locale.ROOT);
        if (!e.path.isEmpty() && hay.contains(q)) {
            count[0]++;
            Entry copy = copy(e);
            copy.children = e.children;
            copy.match = true;
            return copy;
        }
        List<Entry> kids = new ArrayList<>();
        for (Entry c : e.children) {
            Entry k = keep(c, q, count);
            if (k != null) {
                kids.add(k);
            }
        }
        if (kids.isEmpty()) {
            return null;
        }
        Entry copy = copy(e);
        copy.children = List.copyOf(kids);
        copy.expanded = true;
        return copy;
    }

    private static Entry copy(Entry e) {
        Entry c = new Entry(e.name, e.path, e.type);
        c.mode = e.mode;
        c.size = e.size;
        c.linkTarget = e.linkTarget;
        c.files = e.files;
        return c;
    }

    /** The entry at a path ("" the root), or null. */
    public Entry find(String path) {
        Entry e = root;
        if (path.isEmpty()) {
            return e;
        }
        for (String part : path.split("/")) {
            Entry next = null;
            for (Entry c : e.children) {
                if (c.name.equals(part)) {
                    next = c;
                    break;
                }
            }
            if (next == null) {
                return null;
            }
            e = next;
        }
        return e;
    }
}
