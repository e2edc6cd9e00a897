package dev.strata.inspect;

/**
 * One entry of a layer tar as {@code strata inspect} lists it.
 *
 * @param path without a leading {@code /} or {@code ./}, e.g. {@code nix/store/...-hello-2.12.1/bin/hello}
 * @param type {@code file}, {@code dir}, {@code symlink}, {@code hardlink}, {@code char}, {@code block},
 *     {@code fifo} or {@code whiteout} (an OCI {@code .wh.} entry that deletes a lower layer's path)
 * @param mode the permission bits, e.g. 493 (0755)
 * @param size bytes of a regular file's content, 0 for every other type
 * @param linkTarget a link's target, "" for every other type
 */
public record LayerFile(String path, String type, int mode, long size, String linkTarget) { }
