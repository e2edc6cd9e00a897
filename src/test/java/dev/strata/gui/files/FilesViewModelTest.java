package dev.strata.gui.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.gui.Fx;
import dev.strata.gui.common.ForwardingPipeline;
import dev.strata.gui.common.Workspace;
import dev.strata.gui.files.FilesViewModel.Field;
import dev.strata.image.AddedFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Files section without a window: adding, the form's checks, sizes read off the FX thread and cancelled. */
class FilesViewModelTest {
    @TempDir
    Path tmp;

    /** The real pipeline, except that reading a size waits for the test to let it go (a large directory). */
    static final class SlowSizes extends ForwardingPipeline {
        final CountDownLatch go = new CountDownLatch(1);
        final AtomicInteger interrupted = new AtomicInteger();
        final AtomicInteger entered = new AtomicInteger();

        SlowSizes(Path cache) {
            super(Fx.pipeline(cache));
        }

        @Override
        public long addedBytes(AddedFiles add) {
            entered.incrementAndGet();
            try {
                go.await();
            } catch (InterruptedException e) {
                interrupted.incrementAndGet();
                Thread.currentThread().interrupt();
                throw new java.util.concurrent.CancellationException("stopped");
            }
            return super.addedBytes(add);
        }
    }

    @Test
    void aSizeBeingReadIsCancelledByStopAndByRemovingItsEntry() throws Exception {
        Path file = Files.writeString(tmp.resolve("big.bin"), "0123456789");
        SlowSizes pipeline = new SlowSizes(tmp.resolve("cache"));
        Workspace ws = Fx.call(() -> new Workspace(pipeline));
        FilesViewModel vm = Fx.call(() -> new FilesViewModel(ws));
        assertEquals(1, Fx.call(() -> vm.add(List.of(file))));
        assertTrue(Fx.call(() -> vm.busyProperty().get()), "reading the size");
        assertEquals("reading\u2026", Fx.call(() -> vm.rows().get(0).sizeText()));

        Fx.waitUntil(() -> pipeline.entered.get() == 1, "the worker reading");
        Fx.run(vm::stopSizing);
        Fx.waitUntil(() -> !vm.busyProperty().get(), "the read to stop");
        assertEquals(1, pipeline.interrupted.get(), "the worker was interrupted");
        assertEquals("not read", Fx.call(() -> vm.rows().get(0).sizeText()));
        assertEquals("", Fx.call(() -> vm.errorProperty().get()), "stopping is no error");

        // Removed while being read: its read is cancelled too.
        Fx.run(vm::refresh);
        assertTrue(Fx.call(() -> vm.busyProperty().get()));
        Fx.waitUntil(() -> pipeline.entered.get() == 2, "the worker reading again");
        Fx.run(() -> vm.remove(List.of(0)));
        Fx.waitUntil(() -> pipeline.interrupted.get() == 2, "the removed entry's read to stop");
        Fx.waitUntil(() -> !vm.busyProperty().get(), "nothing read");

        // Undone: read again, to the end this time.
        pipeline.go.countDown();
        Fx.run(ws::undo);
        Fx.waitUntil(() -> !vm.rows().isEmpty() && vm.rows().get(0).bytes() == 10, "the size");
        assertTrue(Fx.call(() -> vm.summaryProperty().get()).endsWith("10 B of files"), Fx.call(() ->
                vm.summaryProperty().get()));
    }

    @Test
    void theFormChecksWithTheCommandLinesRulesAndNormalises() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("site"));
        Workspace ws = Fx.call(() -> new Workspace(Fx.pipeline(tmp.resolve("cache"))));
        FilesViewModel vm = Fx.call(() -> new FilesViewModel(ws));
        Fx.call(() -> vm.add(List.of(dir, dir.resolve("../site"))));
        assertEquals(1, Fx.call(() -> ws.adds().size()), "the same directory once");
        assertEquals(0, Fx.call(() -> vm.selectedProperty().get()));
        assertEquals("/app/site", Fx.call(() -> vm.textProperty(Field.DESTINATION).get()));

        Fx.run(() -> vm.textProperty(Field.DESTINATION).set("/srv//www/./"));
        assertEquals("/srv/www/", Fx.call(() -> ws.adds().get(0).destination()), "normalised as --add does");
        assertEquals("/srv//www/./", Fx.call(() -> vm.textProperty(Field.DESTINATION).get()), "the field keeps the typing");
        Fx.run(() -> vm.textProperty(Field.MODE).set("755"));
        assertEquals("0755", Fx.call(() -> ws.adds().get(0).mode()));
        Fx.run(() -> vm.textProperty(Field.UID).set("-1"));
        assertTrue(Fx.call(() -> vm.errorProperty(Field.UID).get()).startsWith("Uid '-1' is not a number"),
                Fx.call(() -> vm.errorProperty(Field.UID).get()));
        assertEquals(null, Fx.call(() -> ws.adds().get(0).uid()), "the last valid entry stays");
        Fx.run(() -> vm.textProperty(Field.UID).set("33"));
        assertEquals(new AddedFiles(dir.toString(), "/srv/www/", 33, null, "0755", null), Fx.call(() -> ws.adds().get(0)));
        assertFalse(Fx.call(() -> ws.toRecipe().adds().isEmpty()));
    }
}
