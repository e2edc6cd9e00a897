package dev.strata.compose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.closure.StorePath;
import dev.strata.layering.Layer;
import dev.strata.layering.LayerPlan;
import dev.strata.layering.PreviousPlan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server's memory of its last plan per name: what it keys on, what it gives back, how much it keeps. */
class LastPlansTest {
    @TempDir
    Path cache;

    static StorePath path(String name) {
        return StorePath.of("/nix/store/0123456789abcdfghijklmnpqrsvwxyz-" + name);
    }

    static LayerPlan plan(String... layers) {
        List<Layer> out = new ArrayList<>();
        for (String l : layers) {
            out.add(Layer.of(Arrays.stream(l.split(",")).map(LastPlansTest::path).toList(), 1, "test"));
        }
        return new LayerPlan("strata", 10, out);
    }

    @Test
    void theKeyHoldsTheSourceTheNameAndEverySettingThatDecidesLayers() {
        Recipe settings = Recipe.builder().build();
        String key = LastPlans.key("path:/srv/set", List.of("no-shell", "hello"), settings);
        Set<String> others = new HashSet<>(List.of(
                LastPlans.key("path:/srv/other", List.of("no-shell", "hello"), settings),
                LastPlans.key("path:/srv/set", List.of("shell", "hello"), settings),
                LastPlans.key("path:/srv/set", List.of("no-shell", "hello", "git"), settings),
                LastPlans.key("path:/srv/set", List.of("no-shell", "hello"), settings.toBuilder().maxLayers(20).build()),
                LastPlans.key("path:/srv/set", List.of("no-shell", "hello"), settings.toBuilder().strategy("size").build()),
                LastPlans.key("path:/srv/set", List.of("no-shell", "hello"), settings.toBuilder().pins(List.of("x")).build())));
        assertEquals(6, others.size());
        assertTrue(!others.contains(key));
        assertEquals(key, LastPlans.key("path:/srv/set", List.of("no-shell", "hello"), settings));
    }

    @Test
    void aRememberedPlanComesBackAsThePreviousBuild() {
        LastPlans plans = LastPlans.in(cache, 4);
        assertTrue(plans.recall("k", "the last build of hello").isEmpty());
        LayerPlan plan = plan("libc,zlib", "hello");
        plans.remember("k", plan);
        PreviousPlan back = plans.recall("k", "the last build of hello").orElseThrow();
        assertEquals("the last build of hello", back.source());
        assertEquals(PreviousPlan.of("x", plan).layers(), back.layers());
    }

    @Test
    void atMostTheLimitIsKeptTheLeastRecentlyUsedGoFirst() throws Exception {
        LastPlans plans = LastPlans.in(cache, 3);
        for (String k : List.of("a", "b", "c")) {
            plans.remember(k, plan("libc", k));
        }
        // Distinct ages whatever the clock's resolution: a oldest, then b, then c.
        long now = System.currentTimeMillis();
        for (String k : List.of("a", "b", "c")) {
            Files.setLastModifiedTime(cache.resolve("last-plans/" + k + ".json"),
                    FileTime.fromMillis(now - 60_000 + 1000L * (k.charAt(0) - 'a')));
        }
        assertTrue(plans.recall("a", "a").isPresent()); // used now: the newest
        plans.remember("d", plan("libc", "d"));
        assertEquals(List.of("a", "c", "d"), plans.keys());
    }

    @Test
    void aDamagedFileIsForgottenAndTheBuildPlansAfresh() throws Exception {
        LastPlans plans = LastPlans.in(cache, 3);
        plans.remember("k", plan("libc"));
        Path file = cache.resolve("last-plans/k.json");
        Files.writeString(file, "{\"layers\": [{\"paths\": [\"/etc/passwd\"]}]}");
        assertTrue(plans.recall("k", "k").isEmpty());
        assertTrue(Files.notExists(file));
        assertNotEquals(List.of("k"), plans.keys());
    }
}
