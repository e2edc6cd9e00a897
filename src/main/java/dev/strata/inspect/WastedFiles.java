package dev.strata.inspect;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Files a higher layer overwrites or deletes, as dive reports them: their bytes stay in the lower
 * layer, pulled and stored for nothing. Worked example (layers lowest first):
 *
 * <pre>
 *   layer 0: etc/motd (100 B), opt/a (10 B), opt/b (20 B)
 *   layer 1: etc/motd (120 B)          -> layer 0's etc/motd is overwritten: 100 B wasted
 *   layer 2: etc/.wh.motd, opt/.wh..wh..opq
 *                                      -> layer 1's etc/motd deleted (120 B), opt/a and opt/b
 *                                         deleted by the opaque whiteout (30 B)
 * </pre>
 *
 * 250 bytes wasted in all ({@code WastedFilesTest} checks exactly this). Only regular files count;
 * a path deleted by a whiteout of one of its parent directories counts too.
 *
 * @param files each wasted file: its path, the layer that holds it, its size, and what happened to it in which layer
 */
public record WastedFiles(long bytes, List<Wasted> files) {
    /** One wasted file. */
    public record Wasted(String path, int layer, long size, String by, int byLayer) { }

    public WastedFiles {
        files = List.copyOf(files);
    }

    /** The wasted files of layers listed lowest first. */
    public static WastedFiles of(List<LayerListing> layers) {
        // path -> (layer, size) of the regular file visible there so far
        Map<String, int[]> layerOf = new HashMap<>();
        Map<String, Long> sizeOf = new HashMap<>();
        List<Wasted> wasted = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            for (LayerFile f : layers.get(i).files()) {
                String base = f.path().substring(f.path().lastIndexOf('/') + 1);
                String dir = f.path().contains("/") ? f.path().substring(0, f.path().lastIndexOf('/')) : "";
                if (f.type().equals("whiteout")) {
                    String target = base.equals(".wh..wh..opq") ? dir
                            : (dir.isEmpty() ? "" : dir + "/") + base.substring(".wh.".length());
                    boolean opaque = base.equals(".wh..wh..opq");
                    for (String p : List.copyOf(layerOf.keySet())) {
                        boolean hit = opaque ? p.startsWith(target.isEmpty() ? "" : target + "/")
                                : p.equals(target) || p.startsWith(target + "/");
                        if (hit && layerOf.get(p)[0] < i) {
                            wasted.add(new Wasted(p, layerOf.get(p)[0], sizeOf.get(p), "deleted", i));
                            layerOf.remove(p);
                            sizeOf.remove(p);
                        }
                    }
                    continue;
                }
                int[] below = layerOf.get(f.path());
                if (below != null && below[0] < i) {
                    wasted.add(new Wasted(f.path(), below[0], sizeOf.get(f.path()), "overwritten", i));
                }
                if (f.type().equals("file")) {
                    layerOf.put(f.path(), new int[] {i});
                    sizeOf.put(f.path(), f.size());
                } else {
                    layerOf.remove(f.path());
                    sizeOf.remove(f.path());
                }
            }
        }
        wasted.sort((a, b) -> a.layer() != b.layer() ? Integer.compare(a.layer(), b.layer()) : a.path().compareTo(b.path()));
        return new WastedFiles(wasted.stream().mapToLong(Wasted::size).sum(), wasted);
    }
}
