package dev.strata.compose;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.strata.image.ImageConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The PATH the program check looks on is the one the image's config will hold (ImageJson.mergedEnv). */
class ImageFilesPathTest {
    static ImageConfig withEnv(List<String> env) {
        return new ImageConfig(List.of(), List.of(), env, "", "", List.of(), Map.of());
    }

    @Test
    void onABaseTheDefaultPathIsBinThenTheBasesAndASetPathIsKept() {
        List<String> baseEnv = List.of("PATH=/usr/local/bin:/usr/bin:/bin", "LANG=C.UTF-8");
        assertEquals(List.of("/bin"), ImageFiles.pathOf(withEnv(List.of()), List.of()));
        assertEquals(List.of("/bin", "/usr/local/bin", "/usr/bin"), ImageFiles.pathOf(withEnv(List.of()), baseEnv));
        assertEquals(List.of("/opt/app/bin"), ImageFiles.pathOf(withEnv(List.of("PATH=/opt/app/bin")), baseEnv));
        assertEquals(List.of("/bin"), ImageFiles.pathOf(withEnv(List.of()), List.of("LANG=C")));
    }
}
