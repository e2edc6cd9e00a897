package dev.strata.gui.closure;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A layered drawing of a reference graph (the Sugiyama idea, kept small): roots on the top row,
 * every path one row below the lowest path that references it, so edges point downwards.
 *
 * <p>Worked example: hello -> glibc, hello -> libintl -> glibc. Ranks by longest path from a root:
 * hello 0, libintl 1, glibc 2 (not 1: it must sit below libintl, which references it). Within a
 * row, nodes are ordered by the mean position of the nodes that reference them (two sweeps), which
 * pulls a library under its users and keeps edges short. A row wider than {@code maxRowWidth}
 * nodes wraps onto extra rows, so a closure of 2,000 paths stays readable instead of becoming
 * one 1,500-node-wide line. Node radius grows with the square root of the NAR size (area follows
 * size).
 */
public final class GraphLayout {
    /**
     * Spacing of columns and rows: about as wide as high, so a closure's usual shape (a dozen
     * paths wide, six or seven deep) fills a view wider than high instead of a narrow strip in it.
     */
    public static final double COLUMN = 60;
    public static final double ROW = 60;
    public static final double MIN_RADIUS = 4;
    public static final double MAX_RADIUS = 20;

    private final double[] x;
    private final double[] y;
    private final double[] radius;
    private final int[] rank;
    private final int[][] refs;
    private final double width;
    private final double height;

    private GraphLayout(double[] x, double[] y, double[] radius, int[] rank, int[][] refs) {
        this.x = x;
        this.y = y;
        this.radius = radius;
        this.rank = rank;
        this.refs = refs;
        double w = 0;
        double h = 0;
        for (int i = 0; i < x.length; i++) {
            w = Math.max(w, x[i] + MAX_RADIUS);
            h = Math.max(h, y[i] + MAX_RADIUS);
        }
        this.width = w;
        this.height = h;
    }

    /**
     * How many nodes a row holds before it wraps, for a graph of {@code n} nodes: about the square
     * root, so that a closure whose packages all sit on the first row (44 paths, 41 of them roots)
     * becomes a block a view can show with readable labels rather than a flat fan 41 nodes wide;
     * at least 8, at most 40 (2,000 paths stay a few dozen rows deep).
     */
    public static int rowWidthFor(int n) {
        return (int) Math.max(8, Math.min(40, Math.ceil(Math.sqrt(n) * 1.6)));
    }

    /**
     * Lays out a graph given as adjacency (node -> the nodes it references) with a topological
     * order that lists every node after the nodes it references, and node sizes.
     */
    public static GraphLayout compute(int[][] refs, int[] dependenciesFirst, long[] sizes, int maxRowWidth) {
        int n = refs.length;
        int[] rank = new int[n];
        for (int k = n - 1; k >= 0; k--) {
            int v = dependenciesFirst[k];
            for (int w : refs[v]) {
                rank[w] = Math.max(rank[w], rank[v] + 1);
            }
        }
        int ranks = 0;
        for (int r : rank) {
            ranks = Math.max(ranks, r + 1);
        }
        List<List<Integer>> rows = new ArrayList<>();
        for (int r = 0; r < ranks; r++) {
            rows.add(new ArrayList<>());
        }
        for (int k = n - 1; k >= 0; k--) {
            rows.get(rank[dependenciesFirst[k]]).add(dependenciesFirst[k]);
        }
        int[][] referrers = referrers(refs);
        double[] pos = new double[n];
        for (List<Integer> row : rows) {
            for (int i = 0; i < row.size(); i++) {
                pos[row.get(i)] = i - row.size() / 2.0;
            }
        }
        for (int sweep = 0; sweep < 2; sweep++) {
            for (int r = 1; r < ranks; r++) {
                List<Integer> row = rows.get(r);
                double[] bary = new double[n];
                for (int v : row) {
                    double sum = 0;
                    for (int u : referrers[v]) {
                        sum += pos[u];
                    }
                    bary[v] = referrers[v].length == 0 ? pos[v] : sum / referrers[v].length;
                }
                row.sort((a, b) -> a.equals(b) ? 0 : Double.compare(bary[a], bary[b]) != 0
                        ? Double.compare(bary[a], bary[b]) : Integer.compare(a, b));
                for (int i = 0; i < row.size(); i++) {
                    pos[row.get(i)] = i - row.size() / 2.0;
                }
            }
        }
        long max = 1;
        for (long s : sizes) {
            max = Math.max(max, s);
        }
        double[] x = new double[n];
        double[] y = new double[n];
        double[] radius = new double[n];
        int widest = 1;
        for (List<Integer> row : rows) {
            widest = Math.max(widest, Math.min(row.size(), maxRowWidth));
        }
        double line = 0;
        for (List<Integer> row : rows) {
            int wraps = Math.max(1, (row.size() + maxRowWidth - 1) / maxRowWidth);
            for (int i = 0; i < row.size(); i++) {
                int v = row.get(i);
                int sub = i / maxRowWidth;
                int inSub = i % maxRowWidth;
                int subSize = Math.min(maxRowWidth, row.size() - sub * maxRowWidth);
                // Centre every (sub-)row; stagger wrapped rows by half a column so their edges stay apart.
                x[v] = MAX_RADIUS + (widest - subSize) * COLUMN / 2 + inSub * COLUMN + (sub % 2) * COLUMN / 2;
                y[v] = MAX_RADIUS + (line + sub * 0.5) * ROW;
                radius[v] = MIN_RADIUS + (MAX_RADIUS - MIN_RADIUS) * Math.sqrt((double) sizes[v] / max);
            }
            line += 1 + (wraps - 1) * 0.5;
        }
        return new GraphLayout(x, y, radius, rank, refs);
    }

    private static int[][] referrers(int[][] refs) {
        int n = refs.length;
        int[] count = new int[n];
        for (int[] r : refs) {
            for (int w : r) {
                count[w]++;
            }
        }
        int[][] out = new int[n][];
        for (int i = 0; i < n; i++) {
            out[i] = new int[count[i]];
        }
        int[] fill = new int[n];
        for (int v = 0; v < n; v++) {
            for (int w : refs[v]) {
                out[w][fill[w]++] = v;
            }
        }
        return out;
    }

    public int size() {
        return x.length;
    }

    public double x(int i) {
        return x[i];
    }

    public double y(int i) {
        return y[i];
    }

    public double radius(int i) {
        return radius[i];
    }

    /** The row of a node before wrapping: its longest reference distance from a root. */
    public int rank(int i) {
        return rank[i];
    }

    public int[] references(int i) {
        return refs[i];
    }

    public double width() {
        return width;
    }

    public double height() {
        return height;
    }

    /** The node under a point in layout coordinates, or -1. */
    public int hit(double px, double py, double slack) {
        int best = -1;
        double bestD = Double.MAX_VALUE;
        for (int i = 0; i < x.length; i++) {
            double dx = x[i] - px;
            double dy = y[i] - py;
            double d = Math.sqrt(dx * dx + dy * dy) - radius[i];
            if (d <= slack && d < bestD) {
                best = i;
                bestD = d;
            }
        }
        return best;
    }

    /** Number of edges, for the summary and the benchmark. */
    public int edgeCount() {
        return Arrays.stream(refs).mapToInt(r -> r.length).sum();
    }
}
