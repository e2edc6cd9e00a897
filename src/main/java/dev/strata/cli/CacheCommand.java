package dev.strata.cli;

import dev.strata.compose.Composer;
import dev.strata.compose.Sizes;
import dev.strata.image.CacheMaintenance;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code strata cache verify|gc}: look after the image cache ({@code $STRATA_CACHE_DIR}). */
@Command(name = "cache", mixinStandardHelpOptions = true, description = "Check or clean the image cache.",
        subcommands = {CacheCommand.Verify.class, CacheCommand.Gc.class})
public final class CacheCommand implements Runnable {
    @Spec
    CommandSpec spec;

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

    /**
     * {@code strata cache verify}: rehash every blob and check every layer index entry against its
     * blob; what is wrong is removed (the next build writes it again) and named, with exit status 1.
     */
    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Rehash every cached blob and check every layer index entry's diffID against its blob; "
                    + "remove what is wrong (exit status 1) and list partial files left by interrupted writes.")
    static final class Verify implements Callable<Integer> {
        @Spec
        CommandSpec spec;

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
                m.put("badIndexEntries", r.badEntries().stream().map(b -> {
                    Map<String, Object> e = new LinkedHashMap<>();
                    e.put("key", b.key());
                    e.put("digest", b.digest() == null ? null : b.digest().toString());
                    e.put("problem", b.problem());
                    return e;
                }).toList());
                m.put("partials", r.partials().stream().map(p -> {
                    Map<String, Object> e = new LinkedHashMap<>();
                    e.put("path", p.path().toString());
                    e.put("modified", p.modified().toString());
                    e.put("writer", p.writer().name().toLowerCase(Locale.ROOT));
                    return e;
                }).toList());
                Output.json(out, m);
            } else {
                out.printf("%d blobs (%s) verified in %s%n", r.blobs(), Sizes.human(r.bytes()), c.cacheDir());
                r.corrupt().forEach(d -> out.printf("corrupt, removed: %s%n", d));
                r.badEntries().forEach(b -> out.printf("wrong layer index entry, removed: %s%s: %s%n", b.key(),
                        b.digest() == null ? "" : " (blob " + b.digest() + ")", b.problem()));
                r.partials().forEach(p -> out.printf("partial file (%s): %s%n", switch (p.writer()) {
                    case RUNNING -> "being written";
                    case GONE -> "its writer is gone; cache gc removes it";
                    case UNKNOWN -> "writer unknown; cache gc removes it after an hour unchanged";
                }, p.path()));
                out.flush();
            }
            return r.clean() ? 0 : 1;
        }
    }

    /** {@code strata cache gc}: remove blobs that no recent image uses. */
    @Command(name = "gc", mixinStandardHelpOptions = true,
            description = "Remove cached blobs that no image built in the last --max-age days uses.")
    static final class Gc implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @ParentCommand
        CacheCommand parent;

        @Option(names = "--max-age", paramLabel = "DAYS", description = "Keep the blobs of images built within "
                + "this many days (default: 30, at most 36500; 0 keeps only what the last hour wrote).")
        int maxAgeDays = 30;

        @Option(names = "--json", description = "Print the result as one JSON object.")
        boolean json;

        @Override
        public Integer call() {
            OptionRanges.MAX_AGE.check(maxAgeDays);
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
