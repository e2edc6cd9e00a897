package dev.strata.nix;

/**
 * One package of a package set as {@code nix-env -qaP --json --meta} describes it.
 *
 * @param attrPath e.g. {@code python3Packages.flask}
 * @param name the derivation name, e.g. {@code flask-3.0.0}
 * @param license short name(s) of the licence, comma-separated, or empty
 */
public record PackageInfo(String attrPath, String name, String pname, String version, String description,
                          String license, String homepage, String mainProgram, boolean broken, boolean unfree) {
    public PackageInfo {
        name = nz(name);
        pname = nz(pname);
        version = nz(version);
        description = nz(description);
        license = nz(license);
        homepage = nz(homepage);
        mainProgram = nz(mainProgram);
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
