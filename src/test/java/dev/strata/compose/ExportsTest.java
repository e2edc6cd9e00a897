package dev.strata.compose;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.image.BlobStore;
import dev.strata.image.BuiltImage;
import dev.strata.nix.Nix;
import dev.strata.nix.NixFiles;
import dev.strata.nix.NixRunner;
import dev.strata.output.ImageBlob;
import dev.strata.output.ImageName;
import dev.strata.output.ImageOutput;
import dev.strata.output.LoadableImage;
import dev.strata.output.OutputFormat;
import dev.strata.output.OutputMode;
import dev.strata.output.PushableImage;
import dev.strata.source.GitRefResolver;
import dev.strata.testing.TestImages;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The export facade's pipeline behind push and load hands the transport exactly the image the builder wrote. */
class ExportsTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void pushGetsTheManifestAndTheCachedBlobsItNames() throws IOException {
        Composer composer = TestImages.composer(tmp.resolve("cache"));
        Exports.FromPipeline exports = new Exports.FromPipeline(composer);
        PushableImage push = exports.forPush(TestImages.recipe("greeter"), ProgressListener.NONE);
        JsonNode manifest = JSON.readTree(push.manifest());
        assertEquals("application/vnd.oci.image.manifest.v1+json", push.manifestMediaType());
        assertEquals(manifest.path("config").path("digest").asText(), push.config().digest());
        assertEquals(manifest.path("layers").size(), push.layers().size());
        for (int i = 0; i < push.layers().size(); i++) {
            ImageBlob b = push.layers().get(i);
            JsonNode d = manifest.path("layers").get(i);
            assertEquals(d.path("digest").asText(), b.digest());
            assertEquals(d.path("size").asLong(), b.size());
            assertEquals(d.path("mediaType").asText(), b.mediaType());
            try (InputStream in = b.source().open()) {
                Path copy = tmp.resolve("blob-" + i);
                Files.copy(in, copy);
                assertEquals(b.digest(), BlobStore.hash(copy).toString(), "the source holds the blob's bytes");
            }
        }
    }

    @Test
    void loadStreamsTheDockerArchiveOfTheImageWithItsSize() throws IOException {
        Composer composer = TestImages.composer(tmp.resolve("cache"));
        Exports.FromPipeline exports = new Exports.FromPipeline(composer);
        Recipe recipe = TestImages.recipe("hello");
        LoadableImage load = exports.forLoad(recipe, "demo/hello:1", ProgressListener.NONE);
        assertEquals("demo/hello:1", load.name());
        ByteArrayOutputStream streamed = new ByteArrayOutputStream();
        load.archive().writeTo(streamed);
        assertEquals(load.size(), streamed.size());
        ByteArrayOutputStream again = new ByteArrayOutputStream();
        load.archive().writeTo(again);
        assertArrayEquals(streamed.toByteArray(), again.toByteArray(), "a retry writes the same bytes");

        BuiltImage image = exports.build(recipe, Optional.empty(), ProgressListener.NONE);
        Path file = tmp.resolve("hello.tar");
        ImageOutput.write(image, OutputFormat.DOCKER_ARCHIVE, ImageName.parse("demo/hello:1"), file, OutputMode.ADD);
        assertArrayEquals(Files.readAllBytes(file), streamed.toByteArray(), "the same archive strata build saves");
    }

    @Test
    void aRePushOfAnImmutableSourcesImageRunsNoNix() throws IOException {
        List<String> nixCalls = new CopyOnWriteArrayList<>();
        Path cache = tmp.resolve("cache");
        Nix nix = new Nix(new NixRunner(argv -> {
            nixCalls.add(String.join(" ", argv));
            return new ProcessBuilder(argv);
        }), NixFiles.locate(cache), cache, Nix.Options.defaults(),
                new GitRefResolver());
        Composer composer = new Composer(nix, cache);
        Recipe recipe = Recipe.of("demo", List.of("hello"));
        PushableImage first = new Exports.FromPipeline(composer).forPush(recipe, ProgressListener.NONE);
        assertEquals(true, nixCalls.stream().anyMatch(c -> c.startsWith("nix-build")), nixCalls.toString());

        nixCalls.clear();
        PushableImage again = new Exports.FromPipeline(composer).forPush(recipe, ProgressListener.NONE);
        assertEquals(List.of(), nixCalls.stream().filter(c -> !c.contains("builtins.currentSystem")).toList(),
                "the demo set is immutable: a remembered image needs no Nix evaluation or build");
        assertArrayEquals(first.manifest(), again.manifest());
        assertEquals(first.layers().size(), again.layers().size());
        for (int i = 0; i < first.layers().size(); i++) {
            assertEquals(first.layers().get(i).digest(), again.layers().get(i).digest());
            assertEquals(first.layers().get(i).size(), again.layers().get(i).size());
        }

        // A removed blob makes the memory void: the image is built again.
        Files.delete(composer.cachedBlob(first.layers().get(0).digest()).orElseThrow());
        nixCalls.clear();
        PushableImage rebuilt = new Exports.FromPipeline(composer).forPush(recipe, ProgressListener.NONE);
        assertEquals(true, nixCalls.stream().anyMatch(c -> c.startsWith("nix-build")), nixCalls.toString());
        assertArrayEquals(first.manifest(), rebuilt.manifest(), "the same recipe gives the same image");
    }
}
