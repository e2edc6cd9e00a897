package dev.strata.cli;

import dev.strata.Choice;
import dev.strata.StrataException;
import dev.strata.compose.Composer;
import dev.strata.sbom.Sbom;
import dev.strata.sbom.SbomFormat;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --sbom FILE [--sbom-format F]} of build, push and load: the image's SBOM beside it, from its recorded inventory. */
public final class SbomOptions {
    @Option(names = "--sbom", paramLabel = "FILE", description = "Also write the image's SBOM (one package per store "
            + "path, licences, dependencies) to FILE.")
    Path file;

    @Option(names = "--sbom-format", paramLabel = "F", description = "spdx (SPDX 2.3 JSON, the default) or cyclonedx "
            + "(CycloneDX 1.5 JSON).")
    String format;

    /** The chosen format (spdx when none is given). */
    SbomFormat format() {
        return format == null ? SbomFormat.SPDX : Choice.parse(SbomFormat.class, "--sbom-format", format);
    }

    /** Refuses a bad format or an unwritable file before anything is built. */
    void check(boolean attached) {
        SbomFormat f = format();
        if (format != null && file == null && !attached) {
            throw new StrataException("--sbom-format " + f.id() + " says how to write an SBOM, but none is asked for; "
                    + "add --sbom FILE");
        }
        if (file != null) {
            Composer.checkSbomFile(file, "--sbom");
        }
    }

    /** The SBOM the image's config records, or one sentence why there is none. */
    static Sbom of(byte[] config, String name) {
        return Composer.sbomOfConfig(config, name).orElseThrow(() -> new StrataException(
                "the image carries no inventory for an SBOM (dev.strata.sbom label); build it with this Strata"));
    }

    /** Writes the SBOM when {@code --sbom} was given, saying where on {@code err}. */
    void write(byte[] config, String name, PrintWriter err, boolean json) {
        if (file == null) {
            return;
        }
        Composer.writeSbom(of(config, name), format(), file);
        if (!json) {
            err.println("SBOM (" + format().id() + ") written to " + file);
            err.flush();
        }
    }
}
