package dev.strata.gui.common;

import dev.strata.closure.StorePath;
import java.util.ArrayList;
import java.util.List;

/**
 * Warming a screen up before the window opens: each list, table and tree is filled once with
 * sample rows, styled and laid out, then emptied again. The first real rows — often a whole
 * closure arriving while a build runs — then find the cell classes loaded, the CSS caches built and
 * the cells' code already run, instead of paying for all of that in one long pulse.
 */
public interface WarmUp {
    /** Fills the views with sample rows and returns what puts the real contents back. */
    Runnable fill();

    /** Rows a screen shows at most without scrolling, with some to spare. */
    int ROWS = 40;

    /** {@code n} distinct, valid store paths named {@code sample-N}. */
    static List<StorePath> samplePaths(int n) {
        String alphabet = "0123456789abcdfghijklmnpqrsvwxyz";
        List<StorePath> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            StringBuilder hash = new StringBuilder();
            for (int k = 0; k < 32; k++) {
                hash.append(alphabet.charAt((i * 7 + k * 13) % alphabet.length()));
            }
            out.add(StorePath.of("/nix/store/" + hash + "-sample-" + i + "-1.0"));
        }
        return out;
    }
}
