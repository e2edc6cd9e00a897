package dev.strata.compose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.StrataException;
import dev.strata.layering.LayerPlan;
import dev.strata.nix.NixFailure;
import dev.strata.nix.TestNix;
import dev.strata.source.ResolvedSource;
import dev.strata.testing.Requirements;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Package sets written unlike nixpkgs and the demo set (plain derivations, no stdenv, no meta
 * checks), generated here as a user's own set would be, through the pipeline every face uses.
 */
class ForeignPackageSetsTest {
    @TempDir
    static Path cache;
    @TempDir
    static Path sets;
    static Composer composer;

    /** Plain derivations built by the static busybox, in a set with the given header. */
    static String set(String name, String header) throws IOException {
        Path dir = sets.resolve(name);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("default.nix"), header + "\n"
                + "let\n"
                + "  bbdir = builtins.path { path = /usr/bin; name = \"bootstrap-busybox\";"
                + " filter = p: t: baseNameOf p == \"busybox\"; };\n"
                + "  mk = name: script: derivation { inherit name; system = builtins.currentSystem;"
                + " builder = \"${bbdir}/busybox\"; args = [ \"sh\" \"-e\" \"-c\" script ]; };\n"
                + "in {\n"
                + "  tool = mk \"tool-1.0\" \"${bbdir}/busybox mkdir -p $out/bin; echo ok > $out/bin/tool\";\n"
                + "  fails = mk \"fails-1\" \"echo failing on purpose >&2; exit 3\";\n"
                // One byte (0xff) that is no UTF-8, in a file name and in a symbolic link's target.
                + "  latin = mk \"latin-1\" \"b=${bbdir}/busybox; $b mkdir -p $out/share; $b printf x > $out/share/ok;"
                + " $b printf x > \\\"$out/share/caf$($b printf '\\\\351')\\\"\";\n"
                + "  latinlink = mk \"latinlink-1\" \"b=${bbdir}/busybox; $b mkdir -p $out;"
                + " $b ln -s \\\"caf$($b printf '\\\\351')\\\" $out/link\";\n"
                + "  nl = mk \"nl-1\" \"b=${bbdir}/busybox; $b mkdir -p $out/share;"
                + " $b printf x > \\\"$out/share/$($b printf 'new\\\\nline')\\\"\";\n"
                + "}\n");
        return "path:" + dir;
    }

    @BeforeAll
    static void setUp() {
        Requirements.require("nix-build", "busybox");
        composer = new Composer(TestNix.create(cache), cache);
    }

    @Test
    void aSetWhoseFunctionDeclaresOnlySomeOfNixpkgsArgumentsIsCalledWithThose() throws IOException {
        // nix-build accepts both; Strata called them with config and overlays as well, which Nix
        // refuses: "called with unexpected argument 'config'".
        int n = 0;
        for (String header : List.of("{ system ? builtins.currentSystem }:", "{ pkgs ? null, extra ? 1 }:")) {
            String spec = set("declares-" + n++, header);
            ResolvedSource source = composer.resolve(spec, ProgressListener.NONE);
            Recipe recipe = Recipe.builder().source(spec).packages(List.of("tool")).build();
            try (var r = composer.realise(source, recipe, ProgressListener.NONE)) {
                assertTrue(r.roots().get(0).path().endsWith("-tool-1.0"), header + ": " + r.roots());
            }
        }
    }

    @Test
    void aFailedBuildIsNeverReportedAsNothingToBuild() throws IOException {
        String spec = set("plain", "{ ... }:");
        ResolvedSource source = composer.resolve(spec, ProgressListener.NONE);
        List<ProgressEvent> events = new CopyOnWriteArrayList<>();
        Recipe recipe = Recipe.builder().source(spec).packages(List.of("fails")).build();
        NixFailure f = assertThrows(NixFailure.class, () -> composer.realise(source, recipe, events::add).close());
        assertEquals(NixFailure.Kind.BUILD, f.kind());
        List<String> progress = events.stream().filter(e -> e.kind() == ProgressEvent.Kind.PROGRESS)
                .map(ProgressEvent::message).toList();
        // Nix ends a failed build with "0 done of 0 expected, 1 failed": that is no "nothing to build".
        assertFalse(progress.stream().anyMatch(m -> m.contains("nothing to build")), progress.toString());
        assertEquals("1 build failed", progress.get(progress.size() - 1), progress.toString());
    }

    @Test
    void theSymlinkForestLinksAFileWhoseNameHoldsANewline() throws IOException {
        // The forest read find's output line by line: "new\nline" became links share/new and line.
        String spec = set("plain", "{ ... }:");
        ResolvedSource source = composer.resolve(spec, ProgressListener.NONE);
        Recipe recipe = Recipe.builder().source(spec).packages(List.of("nl")).build();
        try (var r = composer.realise(source, recipe, ProgressListener.NONE)) {
            Path forest = Path.of(r.forest().path());
            Path link = forest.resolve("share/new\nline");
            assertTrue(Files.isSymbolicLink(link) && Files.exists(link), "share/new\\nline links the file");
            try (var top = Files.list(forest); var share = Files.list(forest.resolve("share"))) {
                assertEquals(List.of("share"), top.map(f -> f.getFileName().toString()).sorted().toList());
                assertEquals(List.of("new\nline"), share.map(f -> f.getFileName().toString()).toList());
            }
        }
    }

    @Test
    void aFileNameOrLinkTargetThatIsNotUtf8IsRefusedNotRenamed() throws IOException {
        // Java decodes the byte 0xe9 (Latin-1 e-acute) as U+FFFD: the layer held "caf\uFFFD", another name.
        String spec = set("plain", "{ ... }:");
        ResolvedSource source = composer.resolve(spec, ProgressListener.NONE);
        for (String pkg : List.of("latin", "latinlink")) {
            Recipe recipe = Recipe.builder().source(spec).packages(List.of(pkg)).build();
            try (var r = composer.realise(source, recipe, ProgressListener.NONE)) {
                LayerPlan plan = composer.plan(r, recipe, ProgressListener.NONE);
                StrataException e = assertThrows(StrataException.class,
                        () -> composer.assemble(r, plan, recipe, ProgressListener.NONE));
                assertTrue(e.getMessage().contains("caf%E9") && e.getMessage().contains("is not valid UTF-8"),
                        e.getMessage());
            }
        }
    }
}
