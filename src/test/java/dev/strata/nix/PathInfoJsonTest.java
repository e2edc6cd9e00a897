package dev.strata.nix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.StrataException;
import dev.strata.closure.PathInfo;
import dev.strata.closure.StorePath;
import java.util.List;
import org.junit.jupiter.api.Test;

class PathInfoJsonTest {
    static final String A = "/nix/store/0jq9lmyg6gclxyhmviafp09g87gcsbnz-app-1";
    static final String L = "/nix/store/vz0h9zsn8l56szbwzpripicrr2zf1p85-lib-1";

    @Test
    void readsTheArrayShapeOfNix2_8() {
        String json = "[{\"path\":\"" + A + "\",\"narHash\":\"sha256:abc\",\"narSize\":120,\"closureSize\":200,"
                + "\"references\":[\"" + A + "\",\"" + L + "\"],\"deriver\":\"/nix/store/x.drv\",\"valid\":true},"
                + "{\"path\":\"" + L + "\",\"narHash\":\"sha256:def\",\"narSize\":80,\"references\":[]}]";
        List<PathInfo> infos = PathInfoJson.parse(json, "test");
        assertEquals(2, infos.size());
        assertEquals(StorePath.of(A), infos.get(0).path());
        assertEquals(120, infos.get(0).narSize());
        assertEquals(List.of(StorePath.of(A), StorePath.of(L)), infos.get(0).references());
        assertEquals("sha256:abc", infos.get(0).narHash());
    }

    @Test
    void readsTheObjectShapeOfNix2_19() {
        String json = "{\"" + A + "\":{\"narHash\":\"sha256:abc\",\"narSize\":120,\"references\":[\"" + L + "\"]},"
                + "\"" + L + "\":{\"narHash\":\"sha256:def\",\"narSize\":80,\"references\":[]}}";
        List<PathInfo> infos = PathInfoJson.parse(json, "test");
        assertEquals(2, infos.size());
        assertEquals(List.of(StorePath.of(L)), infos.get(0).references());
    }

    @Test
    void invalidPathsAreAClearError() {
        var e = assertThrows(StrataException.class,
                () -> PathInfoJson.parse("{\"" + A + "\":null}", "closure.json"));
        assertTrue(e.getMessage().contains(A) && e.getMessage().contains("not valid"), e.getMessage());
        var e2 = assertThrows(StrataException.class,
                () -> PathInfoJson.parse("[{\"path\":\"" + A + "\",\"valid\":false}]", "closure.json"));
        assertTrue(e2.getMessage().contains("not valid"), e2.getMessage());
    }

    @Test
    void malformedInputNamesTheFileAndTheFix() {
        for (String bad : new String[] {"", "42", "[{\"narSize\":1}]", "{\"/usr/x\":{\"narSize\":1}}", "[{"}) {
            var e = assertThrows(StrataException.class, () -> PathInfoJson.parse(bad, "saved.json"));
            assertTrue(e.getMessage().startsWith("saved.json"), e.getMessage());
            assertTrue(e.getMessage().contains("nix path-info --json --recursive"), e.getMessage());
        }
    }
}
