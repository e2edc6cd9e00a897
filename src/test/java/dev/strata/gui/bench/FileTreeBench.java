package dev.strata.gui.bench;

import dev.strata.gui.Fx;
import dev.strata.gui.inspect.FileTree;
import dev.strata.gui.inspect.FileTreePane;
import dev.strata.inspect.LayerFile;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import javafx.scene.Scene;
import javafx.scene.control.TreeItem;
import javafx.stage.Stage;

/**
 * What a layer of 100,000 files costs the FX thread in the file tree (FileTreePane: the tree built
 * on a worker thread, rows made when a directory opens) against the plain way (every TreeItem made
 * on the FX thread up front), measured in the same run; prints medians of 5 rounds and the ratio.
 * Run with {@code bench/filetree.sh}.
 */
public final class FileTreeBench {
    private FileTreeBench() {}

    public static void main(String[] args) {
        List<LayerFile> files = new ArrayList<>();
        for (int p = 0; p < 200; p++) {
            for (int d = 0; d < 50; d++) {
                for (int f = 0; f < 10; f++) {
                    files.add(new LayerFile("nix/store/" + p + "-pkg/lib/d" + d + "/f" + f + ".so", "file", 0644, 1000 + f, ""));
                }
            }
        }
        Fx.start();
        Stage stage = Fx.call(() -> {
            Stage s = new Stage();
            s.setScene(new Scene(new javafx.scene.layout.StackPane(), 1000, 700));
            s.show();
            return s;
        });
        long[] lazyFx = new long[5];
        long[] worker = new long[5];
        long[] eagerFx = new long[5];
        long[] smallFx = new long[5];
        for (int round = 0; round < 5; round++) {
            long t0 = System.nanoTime();
            FileTree tree = FileTree.of(files); // on this (worker) thread, as the window does
            worker[round] = System.nanoTime() - t0;
            // The window makes its pane once; what counts is showing a tree in it.
            FileTreePane lazyPane = Fx.call(() -> pane(stage));
            System.gc(); // the last round's garbage is collected before, not during, the measurement
            lazyFx[round] = Fx.call(() -> {
                long s = System.nanoTime();
                lazyPane.setTree(tree, "");
                lazyPane.applyCss();
                lazyPane.layout();
                return System.nanoTime() - s;
            });
            FileTree small = FileTree.of(files.subList(0, 1000));
            FileTreePane smallPane = Fx.call(() -> pane(stage));
            System.gc();
            smallFx[round] = Fx.call(() -> {
                long s = System.nanoTime();
                smallPane.setTree(small, "");
                smallPane.applyCss();
                smallPane.layout();
                return System.nanoTime() - s;
            });
            FileTreePane eagerPane = Fx.call(() -> pane(stage));
            System.gc();
            eagerFx[round] = Fx.call(() -> {
                long s = System.nanoTime();
                TreeItem<FileTree.Entry> root = eager(tree.root());
                root.setExpanded(true);
                eagerPane.treeTable().setRoot(root);
                eagerPane.applyCss();
                eagerPane.layout();
                return System.nanoTime() - s;
            });
        }
        Fx.run(stage::hide);
        System.out.printf(Locale.ROOT, "FX thread: lazy rows of a 1,000-file layer %.1f ms (the same screenful of rows)%n",
                median(smallFx) / 1e6);
        System.out.printf(Locale.ROOT, "%d files: tree built off the FX thread in %.1f ms (median)%n", files.size(),
                median(worker) / 1e6);
        System.out.printf(Locale.ROOT, "FX thread: lazy rows %.1f ms, every row made up front %.1f ms: %.1fx less%n",
                median(lazyFx) / 1e6, median(eagerFx) / 1e6, (double) median(eagerFx) / median(lazyFx));
        System.exit(0);
    }

    private static FileTreePane pane(Stage stage) {
        FileTreePane pane = new FileTreePane("bench");
        stage.getScene().setRoot(pane);
        pane.applyCss();
        pane.layout();
        return pane;
    }

    private static TreeItem<FileTree.Entry> eager(FileTree.Entry e) {
        TreeItem<FileTree.Entry> item = new TreeItem<>(e);
        for (FileTree.Entry c : e.children()) {
            item.getChildren().add(eager(c));
        }
        return item;
    }

    private static long median(long[] xs) {
        long[] s = xs.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
