package dev.strata.cli;

import dev.strata.compose.Composer;
import dev.strata.compose.Sizes;
import dev.strata.image.CacheMaintenance;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code strata cache verify|gc}: look after the image cache ({@code $STRATA_CACHE_DIR}). */
@Command(name = "cache", mixinStandardHelpOptions = true, description = "Check or clean the image cache.",
        subcommands = {CacheCommand.Verify.class, CacheCommand.Gc.class})
public final class CacheCommand implements Runnable {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    private final Composer composer;

    public CacheCommand() {
        this(null);
    }

    /** For tests: a given composer (null: from the environment). */
    CacheCommand(Composer composer) {
        this.composer = composer;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    Composer composer() {
        return composer != null ? composer : Composer.fromEnvironment();
    }

    /** {@code strata cache verify}: rehash every blob; corrupt ones are removed and rebuilt by the next build. */
    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Rehash every cached blob; remove the ones that do not match their digest.")
    static final class Verify implements Callable<Integer> {
        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @ParentCommand
        CacheCommand parent;

        @Option(names = "--json", description = "Print the result as one JSON object.")
        boolean json;

        @Override
        public Integer call() {
            Composer c = parent.composer();
            CacheMaintenance.VerifyReport r = c.verifyCache(Output.progress(spec.commandLine().getErr(), true));
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("cache", c.cacheDir().toString());
                m.put("blobs", r.blobs());
                m.put("bytes", r.bytes());
                m.put("corrupt", r.corrupt().stream().map(Object::toString).toList());
                m.put("indexEntriesRemoved", r.indexEntriesRemoved());
                Output.json(out, m);
            } else {
                out.printf("%d blobs (%s) verified in %s%n", r.blobs(), Sizes.human(r.bytes()), c.cacheDir());
                r.corrupt().forEach(d -> out.printf("corrupt, removed: %s%n", d));
                out.flush();
            }
            return r.corrupt().isEmpty() ? 0 : 1;
        }
    }

    /** {@code strata cache gc}: remove blobs that no recent image uses. */
    @Command(name = "gc", mixinStandardHelpOptions = true,
            description = "Remove cached blobs that no image built in the last --max-age days uses.")
    static final class Gc implements Callable<Integer> {
        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @ParentCommand
        CacheCommand parent;

        @Option(names = "--max-age", paramLabel = "DAYS", description = "Keep the blobs of images built within "
                + "this many days (default: 30; 0 keeps only what the last hour wrote).")
        int maxAgeDays = 30;

        @Option(names = "--json", description = "Print the result as one JSON object.")
        boolean json;

        @Override
        public Integer call() {
            if (maxAgeDays < 0) {
                throw new dev.strata.StrataException("--max-age " + maxAgeDays + " is negative; give a number of days, e.g. --max-age 30");
            }
            Composer c = parent.composer();
            CacheMaintenance.GcReport r = c.gcCache(Duration.ofDays(maxAgeDays),
                    Output.progress(spec.commandLine().getErr(), true));
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("cache", c.cacheDir().toString());
                m.put("blobsRemoved", r.blobsRemoved());
                m.put("bytesFreed", r.bytesFreed());
                m.put("blobsKept", r.blobsKept());
                m.put("bytesKept", r.bytesKept());
                m.put("imagesForgotten", r.imagesForgotten());
                m.put("indexEntriesRemoved", r.indexEntriesRemoved());
                m.put("temporaryFilesRemoved", r.temporaryFilesRemoved());
                Output.json(out, m);
            } else {
                out.printf("removed %d blobs (%s), kept %d (%s) in %s%n", r.blobsRemoved(), Sizes.human(r.bytesFreed()),
                        r.blobsKept(), Sizes.human(r.bytesKept()), c.cacheDir());
                out.flush();
            }
            return 0;
        }
    }
}
