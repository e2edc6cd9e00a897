package dev.strata.closure;

import java.util.Objects;

/**
 * A licence as a package set describes it (nixpkgs' {@code lib.licenses} entries): its SPDX
 * identifier where it has one (nixpkgs leaves {@code spdxId} out for licences SPDX does not list;
 * a {@code LicenseRef-} identifier is the set's own), its name, and whether it is free.
 *
 * @param spdxId e.g. {@code GPL-2.0-only}; empty when the set gives none
 * @param name the full or short name, e.g. {@code GNU General Public License v2.0 only}; may be empty
 */
public record Licence(String spdxId, String name, boolean free) {
    public Licence {
        spdxId = Objects.requireNonNullElse(spdxId, "");
        name = Objects.requireNonNullElse(name, "");
    }

    /** True when {@link #spdxId} is an identifier of the SPDX licence list (not empty, not a LicenseRef). */
    public boolean listed() {
        return !spdxId.isEmpty() && !spdxId.startsWith("LicenseRef-");
    }

    /** How people call it: the name, else the identifier. */
    public String shown() {
        return name.isEmpty() ? spdxId : name;
    }
}
