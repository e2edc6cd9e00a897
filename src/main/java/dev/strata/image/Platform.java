package dev.strata.image;

import dev.strata.StrataException;

/**
 * An image's platform as OCI names it (architecture, os, variant), from a Nix system such as
 * {@code x86_64-linux} (amd64/linux) or {@code aarch64-linux} (arm64/linux, variant v8).
 */
public record Platform(String architecture, String os, String variant) {
    public static Platform ofNixSystem(String system) {
        if (system == null || !system.contains("-")) {
            throw new StrataException("Nix system '" + system + "' is not CPU-OS; expected e.g. x86_64-linux");
        }
        int dash = system.indexOf('-');
        String cpu = system.substring(0, dash);
        String os = system.substring(dash + 1);
        if (!os.equals("linux")) {
            throw new StrataException("Nix system '" + system + "' is not Linux; container images need *-linux "
                    + "packages, e.g. --system x86_64-linux");
        }
        switch (cpu) {
            case "x86_64": return new Platform("amd64", os, null);
            case "aarch64": return new Platform("arm64", os, "v8");
            case "i686": return new Platform("386", os, null);
            case "armv7l": return new Platform("arm", os, "v7");
            case "armv6l": return new Platform("arm", os, "v6");
            case "riscv64": return new Platform("riscv64", os, null);
            case "powerpc64le": return new Platform("ppc64le", os, null);
            case "s390x": return new Platform("s390x", os, null);
            case "mips64el": return new Platform("mips64le", os, null);
            default:
                throw new StrataException("Nix system '" + system + "' has no container architecture Strata knows; "
                        + "use x86_64-linux, aarch64-linux, i686-linux, armv7l-linux, riscv64-linux, "
                        + "powerpc64le-linux or s390x-linux");
        }
    }

    /** The platform of this machine (Linux on its CPU), as Nix's {@code builtins.currentSystem} names it. */
    public static Platform local() {
        String arch = System.getProperty("os.arch", "amd64");
        return ofNixSystem((switch (arch) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64", "arm64" -> "aarch64";
            case "x86", "i386", "i686" -> "i686";
            default -> arch;
        }) + "-linux");
    }

    /** {@code linux/amd64}, {@code linux/arm64/v8}: as Docker and OCI indexes write platforms. */
    public String describe() {
        return os + "/" + architecture + (variant == null ? "" : "/" + variant);
    }

    /**
     * Whether an image for {@code other} runs here: same os and architecture, and the same variant
     * when both name one (arm64 images often leave out their "v8").
     */
    public boolean accepts(Platform other) {
        return os.equals(other.os) && architecture.equals(other.architecture)
                && (variant == null || other.variant == null || variant.equals(other.variant));
    }

    /** Refuses, in one sentence, a base image of another platform than these packages'. */
    public void requireBase(String reference, Platform base) {
        if (!accepts(base)) {
            throw new StrataException("the base image " + reference + " is for " + base.describe()
                    + " but the packages are built for " + describe() + "; choose a base for " + describe());
        }
    }
}
