package dev.strata.gui.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.cli.StrataCli;
import dev.strata.compose.PackageCatalog;
import dev.strata.compose.PipelineStep;
import dev.strata.compose.ProgressEvent;
import dev.strata.compose.ProgressListener;
import dev.strata.compose.Recipe;
import dev.strata.gui.Fx;
import dev.strata.gui.common.ExportFormat;
import dev.strata.gui.common.ExportResult;
import dev.strata.gui.common.ForwardingPipeline;
import dev.strata.gui.common.Pipeline;
import dev.strata.gui.common.Workspace;
import dev.strata.layering.LayerPlan;
import dev.strata.nix.PackageInfo;
import dev.strata.nix.Realisation;
import dev.strata.nix.TestFlakes;
import dev.strata.nix.TestNix;
import dev.strata.output.LoadableImage;
import dev.strata.output.OutputMode;
import dev.strata.output.OutputTarget;
import dev.strata.output.PushableImage;
import dev.strata.output.TransferListener;
import dev.strata.output.daemon.LoadResult;
import dev.strata.output.registry.PushOptions;
import dev.strata.output.registry.PushResult;
import dev.strata.output.registry.RegistryReference;
import dev.strata.source.ResolvedSource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.stream.Stream;
import javafx.application.Platform;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Building and exporting from the build screen's view model, with the real pipeline and skopeo as the judge. */
class BuildViewModelTest {
    @TempDir
    Path tmp;

    Workspace workspace(Pipeline pipeline, String... packages) {
        return workspace(pipeline, "demo", List.of(), packages);
    }

    Workspace workspace(Pipeline pipeline, String spec, List<String> expressions, String... packages) {
        Workspace ws = Fx.call(() -> new Workspace(pipeline));
        ResolvedSource source = pipeline.resolve(spec, ProgressListener.NONE);
        Fx.run(() -> {
            ws.sourceSpecProperty().set(spec);
            ws.sourceProperty().set(source);
            ws.expressions().setAll(expressions);
            ws.packages().setAll(packages);
            ws.tagProperty().set("hello:gui");
        });
        return ws;
    }

    static ExportResult build(BuildViewModel vm, ExportFormat format, Path out) {
        Fx.run(() -> {
            vm.destinationProperty().set(Destination.of(format));
            vm.outputProperty().set(out.toString());
            vm.build();
        });
        Fx.waitUntil(() -> !vm.busyProperty().get(), Duration.ofSeconds(120), () -> "the build to end; status: "
                + Fx.call(() -> vm.statusProperty().get() + ", error: " + vm.errorProperty().get()));
        String error = Fx.call(() -> vm.errorProperty().get());
        assertEquals("", error);
        return Fx.call(() -> vm.resultProperty().get());
    }

    @Test
    void everyFormatIsWrittenWholeAndSkopeoReadsIt() throws Exception {
        Workspace ws = workspace(Fx.pipeline(tmp.resolve("cache")), "hello");
        BuildViewModel vm = Fx.call(() -> new BuildViewModel(ws));
        ExportResult docker = build(vm, ExportFormat.DOCKER_ARCHIVE, tmp.resolve("hello.tar"));
        JsonNode d = new ObjectMapper().readTree(TestNix.run(null, "skopeo", "inspect", "docker-archive:" + docker.output()));
        assertEquals(docker.layers().size(), d.path("Layers").size());
        assertTrue(Fx.call(() -> vm.resultCommandProperty().get()).startsWith("docker load -i "),
                Fx.call(() -> vm.resultCommandProperty().get()));

        ExportResult oci = build(vm, ExportFormat.OCI_ARCHIVE, tmp.resolve("hello-oci.tar"));
        TestNix.run(null, "skopeo", "inspect", "oci-archive:" + oci.output());
        ExportResult dir = build(vm, ExportFormat.OCI_DIR, tmp.resolve("hello-oci"));
        assertTrue(Files.isDirectory(dir.output()));
        TestNix.run(null, "skopeo", "inspect", "oci:" + dir.output());
        assertEquals(oci.manifestDigest(), dir.manifestDigest(), "the same image in both OCI forms");
        try (Stream<Path> files = Files.list(tmp)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().startsWith(".")), "no hidden partial output is left");
        }
    }

    @Test
    void theCliBuildsTheSavedRecipeToTheSameDigest() throws Exception {
        sameDigestFromTheCli(workspace(Fx.pipeline(tmp.resolve("cache")), "hello", "tree"));
    }

    @Test
    void aFlakeAndAnExpressionGiveTheCliTheSameDigestToo() throws Exception {
        Path flake = TestFlakes.repo(tmp, "packages");
        Workspace ws = workspace(Fx.pipeline(tmp.resolve("cache")), "flake:" + flake,
                List.of("buildEnv { name = \"greetings\"; paths = [ greeters.shout ]; }"), "hello");
        String recipe = Fx.call(ws::toRecipe).toJson();
        assertTrue(recipe.contains("\"source\" : \"flake:" + flake + "\"") && recipe.contains("greeters.shout"), recipe);
        sameDigestFromTheCli(ws);
    }

    void sameDigestFromTheCli(Workspace ws) throws Exception {
        BuildViewModel vm = Fx.call(() -> new BuildViewModel(ws));
        ExportResult gui = build(vm, ExportFormat.DOCKER_ARCHIVE, tmp.resolve("gui.tar"));
        Path recipe = tmp.resolve("recipe.json");
        Fx.call(ws::toRecipe).write(recipe);

        PrintStream stdout = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int exit;
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            exit = StrataCli.run(new String[] {"build", "--recipe", recipe.toString(), "-o",
                    tmp.resolve("cli.tar").toString(), "--format", "docker-archive", "--json"});
        } finally {
            System.setOut(stdout);
        }
        assertEquals(0, exit, captured.toString(StandardCharsets.UTF_8));
        JsonNode cli = new ObjectMapper().readTree(captured.toString(StandardCharsets.UTF_8));
        assertEquals(gui.manifestDigest(), cli.path("manifestDigest").asText());
        assertEquals(gui.configDigest(), cli.path("configDigest").asText());
    }

    static List<String> refNames(Path layout) throws IOException {
        List<String> names = new ArrayList<>();
        new ObjectMapper().readTree(layout.resolve("index.json").toFile()).path("manifests").forEach(m ->
                names.add(m.path("annotations").path("org.opencontainers.image.ref.name").asText()));
        return names;
    }

    /** Answers the screen's question and waits for what follows to end. */
    static void answer(BuildViewModel vm, Answer choice) {
        Fx.run(() -> vm.answer(choice));
        Fx.waitUntil(() -> !vm.busyProperty().get(), Duration.ofSeconds(120), () -> "the build to end; status: "
                + Fx.call(() -> vm.statusProperty().get() + ", error: " + vm.errorProperty().get()));
        assertEquals("", Fx.call(() -> vm.errorProperty().get()));
    }

    @Test
    void anExistingLayoutIsAddedToOrReplacedAsTheUserAnswers() throws Exception {
        Workspace ws = workspace(Fx.pipeline(tmp.resolve("cache")), "hello");
        BuildViewModel vm = Fx.call(() -> new BuildViewModel(ws));
        Path layout = tmp.resolve("layout");
        build(vm, ExportFormat.OCI_DIR, layout);
        assertEquals(null, Fx.call(() -> vm.questionProperty().get()), "a new layout needs no question");
        assertEquals(List.of("hello:gui"), refNames(layout));

        Fx.run(() -> {
            ws.tagProperty().set("hello:two");
            vm.build();
        });
        String question = Fx.call(() -> vm.questionProperty().get().text());
        assertTrue(question.contains(layout.toString()) && question.contains("hello:gui"), question);
        assertTrue(!Fx.call(() -> vm.busyProperty().get()), "nothing runs while the question is open");
        answer(vm, Answer.CANCEL);
        assertEquals(null, Fx.call(() -> vm.questionProperty().get()));
        assertTrue(Fx.call(() -> vm.statusProperty().get()).contains("nothing was written"),
                Fx.call(() -> vm.statusProperty().get()));
        assertEquals(List.of("hello:gui"), refNames(layout), "cancel leaves the layout as it was");

        Fx.run(vm::build);
        answer(vm, Answer.ADD);
        assertEquals(List.of("hello:gui", "hello:two"), refNames(layout));
        TestNix.run(null, "skopeo", "inspect", "oci:" + layout + ":hello:gui");
        TestNix.run(null, "skopeo", "inspect", "oci:" + layout + ":hello:two");

        Fx.run(() -> {
            ws.tagProperty().set("hello:three");
            vm.build();
        });
        answer(vm, Answer.REPLACE);
        assertEquals(List.of("hello:three"), refNames(layout));
        TestNix.run(null, "oci-image-tool", "validate", "--type", "image", layout.toString());
        try (Stream<Path> files = Files.list(tmp)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().startsWith(".")), "nothing is left beside it");
        }
    }

    /** The real pipeline, with a user pressing Cancel at the moment the first layer is being written. */
    static final class CancelWhileWritingLayers extends ForwardingPipeline {
        final AtomicBoolean cancelled = new AtomicBoolean();
        BuildViewModel vm;

        CancelWhileWritingLayers(Pipeline real) {
            super(real);
        }

        @Override
        public ExportResult export(Realisation r, LayerPlan plan, Recipe recipe, ExportFormat f, Path out,
                                   OutputMode mode, ProgressListener p) {
            return real.export(r, plan, recipe, f, out, mode, e -> {
                p.on(e);
                if (e.stage() == PipelineStep.LAYERS && e.kind() != ProgressEvent.Kind.LOG && cancelled.compareAndSet(false, true)) {
                    Platform.runLater(vm::cancel);
                    try {
                        Thread.sleep(30_000); // the cancel interrupts this sleep, as it would interrupt the writer
                    } catch (InterruptedException interrupted) {
                        Thread.currentThread().interrupt();
                    }
                }
            });
        }
    }

    @Test
    void cancelWhileWritingLayersLeavesNoOutput() throws Exception {
        CancelWhileWritingLayers pipeline = new CancelWhileWritingLayers(Fx.pipeline(tmp.resolve("cache")));
        Workspace ws = workspace(pipeline);
        // The largest demo image: every package that builds as it is.
        List<String> packages = pipeline.index(Fx.call(() -> ws.sourceProperty().get()), ProgressListener.NONE).all()
                .stream().filter(p -> !p.broken() && !p.unfree()).map(PackageInfo::attrPath).toList();
        Fx.run(() -> ws.packages().setAll(packages));
        BuildViewModel vm = Fx.call(() -> new BuildViewModel(ws));
        pipeline.vm = vm;
        Path outDir = Files.createDirectories(tmp.resolve("out"));
        Path out = outDir.resolve("largest.tar");
        Fx.run(() -> {
            vm.outputProperty().set(out.toString());
            vm.build();
        });
        Fx.waitUntil(() -> !vm.busyProperty().get(), "the cancelled build to end");
        String error = Fx.call(() -> vm.errorProperty().get());
        assertTrue(pipeline.cancelled.get(), "the cancel came while layers were written");
        assertEquals("", error);
        assertTrue(Fx.call(() -> vm.statusProperty().get()).startsWith("Cancelled"));
        try (Stream<Path> files = Files.list(outDir)) {
            assertEquals(List.of(), files.toList(), "nothing, not even a partial file, is left");
        }
    }
}
