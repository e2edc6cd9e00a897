package dev.strata.nix;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.strata.AtomicFile;
import dev.strata.CacheDir;
import dev.strata.StrataException;
import dev.strata.closure.Closure;
import dev.strata.closure.PathInfo;
import dev.strata.closure.PathMeta;
import dev.strata.closure.StorePath;
import dev.strata.source.CacheKeys;
import dev.strata.source.GitRefResolver;
import dev.strata.source.PackageSource;
import dev.strata.source.ResolvedSource;
import dev.strata.source.SourceResolver;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Strata's connection to Nix: resolves package sources, evaluates a set's package index for
 * search, realises selected packages (building them and their symlink forest under a GC root)
 * and reads runtime closures. All work happens in {@code nix-*} child processes run by
 * {@link NixRunner}, so it can be cancelled by interrupting the calling thread.
 */
public final class Nix {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern PACKAGE_NAME = Pattern.compile("[A-Za-z0-9_+][A-Za-z0-9._+-]*");

    /** Limits and switches for Nix calls. */
    public record Options(Duration evalTimeout, Duration buildTimeout, boolean allowUnfree, boolean allowBroken) {
        public static Options defaults() {
            return new Options(Duration.ofMinutes(10), Duration.ofMinutes(60), false, false);
        }

        public Options withAllowUnfree(boolean allow) {
            return new Options(evalTimeout, buildTimeout, allow, allowBroken);
        }

        public Options withAllowBroken(boolean allow) {
            return new Options(evalTimeout, buildTimeout, allowUnfree, allow);
        }

        public Options withTimeout(Duration timeout) {
            return new Options(timeout, timeout, allowUnfree, allowBroken);
        }
    }

    /** Where store paths live (Nix's default; Strata does not support another store directory). */
    static final String STORE_DIR = "/nix/store";

    private final NixRunner runner;
    private final NixFiles files;
    private final Path cacheDir;
    private final Options options;
    private final SourceResolver resolver;
    private final Map<String, PackageIndex> indexes = new ConcurrentHashMap<>();
    private volatile String system;
    private final AtomicBoolean askedEarly = new AtomicBoolean();

    public Nix(NixRunner runner, NixFiles files, Path cacheDir, Options options, GitRefResolver git) {
        this.runner = runner;
        this.files = files;
        this.cacheDir = cacheDir;
        this.options = options;
        this.resolver = new SourceResolver(git, files.demo(), memoize(() -> demoIdentity(files, cacheDir)),
                flake -> FlakeMetadata.lock(runner, flake, options.evalTimeout()));
    }

    /** Nix as configured by the environment: the cache directory, the shipped expressions. */
    public static Nix fromEnvironment(Options options) {
        Path cache = CacheDir.resolve();
        return new Nix(new NixRunner(), NixFiles.locate(cache), cache, options, new GitRefResolver());
    }

    public Options options() {
        return options;
    }

    public Nix withOptions(Options newOptions) {
        return new Nix(runner, files, cacheDir, newOptions, new GitRefResolver());
    }

    public NixFiles files() {
        return files;
    }

    public ResolvedSource resolve(PackageSource source) {
        if (source instanceof PackageSource.Nixpkgs) {
            // Every use of the source needs the system too (index key, Nix arguments): Nix is asked
            // for it while it looks up <nixpkgs>, two short processes at once instead of one after
            // the other (a warm search is little more than these two and the JVM's start).
            askSystemEarly();
            Optional<String> found = findNixpkgs();
            if (found.isEmpty()) {
                throw new StrataException("<nixpkgs> is not in the Nix search path; set NIX_PATH=nixpkgs=/path/to/nixpkgs, "
                        + "or choose another source (--source demo, channel:NAME, git:URL#REF or path:DIR)");
            }
            ResolvedSource r = resolver.resolve(source);
            return storeKey(found.get()).map(k -> new ResolvedSource(r.source(), r.kind(), r.value(), r.ref(), r.rev(),
                    Optional.of(k), r.description(), r.warnings())).orElse(r);
        }
        return resolver.resolve(source);
    }

    /** True when {@code <nixpkgs>} resolves through NIX_PATH. */
    public boolean nixpkgsAvailable() {
        return findNixpkgs().isPresent();
    }

    /** Where {@code <nixpkgs>} resolves through NIX_PATH, if it does. */
    private Optional<String> findNixpkgs() {
        try {
            String out = runner.run(new NixCommand(List.of("nix-instantiate", "--find-file", "nixpkgs"),
                    "looking up <nixpkgs>", Duration.ofSeconds(30)), NixProgress.Listener.NONE);
            return Optional.of(out.strip());
        } catch (NixFailure e) {
            if (e.kind() == NixFailure.Kind.NOT_INSTALLED) {
                throw e;
            }
            return Optional.empty();
        }
    }

    /**
     * A cache key for {@code <nixpkgs>} when it lies in the Nix store (a channel is a store path, found
     * through the channels profile's symlinks): store paths never change, so the package index can be
     * kept on disk and a changed channel is a new path, evaluated again. Elsewhere (a checkout that
     * may be edited) there is none.
     */
    static Optional<String> storeKey(String found) {
        try {
            Path real = Path.of(found).toRealPath();
            Path store = Path.of(STORE_DIR);
            if (real.startsWith(store) && real.getNameCount() > store.getNameCount()) {
                return Optional.of("nixpkgs-store:" + real);
            }
        } catch (IOException | RuntimeException e) {
            // not a readable path: no key
        }
        return Optional.empty();
    }

    /** nixpkgs where it resolves, else the demo set (README.md, "Package sources"). */
    public PackageSource defaultSource() {
        return nixpkgsAvailable() ? new PackageSource.Nixpkgs() : new PackageSource.Demo();
    }

    /**
     * Starts asking Nix for {@link #currentSystem} on another thread, unless the answer is known or
     * on its way: for a caller that will need it after other work (connecting to a registry, looking
     * up a source), so the short nix-instantiate runs meanwhile. A failure is reported where the
     * system is then asked for.
     */
    public void askSystemEarly() {
        if (system == null && askedEarly.compareAndSet(false, true)) {
            CompletableFuture.runAsync(() -> {
                try {
                    currentSystem();
                } catch (RuntimeException e) {
                    // asked again, and reported, where it is needed
                }
            });
        }
    }

    /** The Nix system of this machine, e.g. {@code x86_64-linux}. */
    public synchronized String currentSystem() { // one question at a time: a second caller waits for the answer
        if (system == null) {
            String out = runner.run(new NixCommand(List.of("nix-instantiate", "--eval", "--json", "-E",
                    "builtins.currentSystem"), "asking Nix for this machine's system", options.evalTimeout()),
                    NixProgress.Listener.NONE);
            system = out.strip().replace("\"", "");
        }
        return system;
    }

    /**
     * The package index of a source, evaluated once per source identity: kept in memory, and on
     * disk for immutable sources.
     */
    public PackageIndex index(ResolvedSource source, NixProgress.Listener listener) {
        String memoryKey = source.cacheKey().orElse(source.source().spec());
        PackageIndex cached = indexes.get(memoryKey);
        if (cached != null) {
            return cached;
        }
        Path disk = source.cacheKey()
                .map(k -> cacheDir.resolve("index").resolve(CacheKeys.of("index-v2", k, currentSystem()) + ".idx"))
                .orElse(null);
        // A damaged or missing file reads as empty: evaluate again.
        PackageIndex index = disk == null ? null : PackageIndexFile.read(disk).orElse(null);
        if (index == null) {
            List<String> argv = new ArrayList<>(List.of("nix-env", "-f", files.loadSet().toString(), "-qaP", "--json",
                    "--meta", "--log-format", "internal-json"));
            argv.addAll(source.nixArgs(currentSystem(), true, true)); // list everything; flags tell what is refused
            try {
                // Parsed and encoded as nix-env prints it (it prints as it evaluates): the JVM's work
                // overlaps Nix's.
                index = runner.run(new NixCommand(argv, "listing the packages of " + source.description(),
                        options.evalTimeout()), listener, PackageIndexParser::parseIndex);
            } catch (NixFailure e) {
                if (e.getMessage().contains("does not evaluate to a derivation")) {
                    throw notASet(source);
                }
                throw FlakeMetadata.explain(e, source);
            }
            if (disk != null) {
                try {
                    PackageIndexFile.write(disk, index);
                    PackageIndexFile.removeFormerIndexes(disk.getParent()); // pre-v2 JSON indexes, read no more
                } catch (IOException e) {
                    // A cache that cannot be written only costs time.
                }
            }
        }
        indexes.put(memoryKey, index);
        return index;
    }

    /**
     * Builds the packages (attribute paths, dots reach nested sets) and their symlink forest,
     * keeping them alive with a GC root below the cache directory, and reads their closure.
     */
    public Realisation realise(ResolvedSource source, List<String> packages, NixProgress.Listener listener) {
        return realise(source, packages, List.of(), listener);
    }

    /**
     * Builds the packages and the derivations of the expressions (each evaluated with the set's
     * attributes in scope, see {@link Expressions}), their symlink forest, and reads their closure.
     */
    public Realisation realise(ResolvedSource source, List<String> packages, List<String> expressions,
                               NixProgress.Listener listener) {
        return realise(source, packages, expressions, () -> { }, listener);
    }

    /**
     * As {@link #realise(ResolvedSource, List, List, NixProgress.Listener)}, running {@code onSelected}
     * once every name was found and every package allowed, before anything is built: a face
     * announces the build there, so an unknown name is refused without a build said to start.
     */
    public Realisation realise(ResolvedSource source, List<String> packages, List<String> expressions,
                               Runnable onSelected, NixProgress.Listener listener) {
        List<String> exprs = Expressions.check(expressions);
        List<String> names = packages.isEmpty() && !exprs.isEmpty() ? List.of() : validateNames(packages);
        String sys = currentSystem();
        String joined = String.join(" ", names);
        String what = joined + (exprs.isEmpty() ? "" : (joined.isEmpty() ? "" : " and ") + exprs.size()
                + (exprs.size() == 1 ? " expression" : " expressions"));
        GcRoot gcRoot = newGcRoot();
        try {
            List<String> sourceArgs = new ArrayList<>(source.nixArgs(sys, options.allowUnfree(), options.allowBroken()));
            sourceArgs.addAll(List.of("--argstr", "packages", joined));
            if (!exprs.isEmpty()) {
                sourceArgs.addAll(List.of("--argstr", "expressionFiles", Expressions.write(gcRoot.dir(), exprs)));
            }
            String purpose = "selecting " + what + " from " + source.description();
            Function<String, NixCommand> select = attr -> {
                List<String> argv = new ArrayList<>(List.of("nix-instantiate", "--eval", "--strict", "--json",
                        "--log-format", "internal-json", files.prepareImage().toString(), "-A", attr));
                argv.addAll(sourceArgs);
                return new NixCommand(argv, purpose, options.evalTimeout());
            };
            JsonNode info;
            try {
                info = readJson(runner.run(select.apply("info"), listener), "prepare-image.nix info");
            } catch (NixFailure e) {
                RuntimeException said = Expressions.explain(e, "Nix failed while " + purpose + ": ", exprs,
                        source.description(), name -> closestNames(source, name, listener));
                throw said == e ? FlakeMetadata.explain(e, source) : said;
            }
            checkSelection(source, info, listener);
            checkExpressions(source, info, exprs);
            refuseUnfreeAndBroken(source, info, exprs);
            onSelected.run();
            List<SelectedPackage> selected = new ArrayList<>();
            LinkedHashSet<StorePath> roots = new LinkedHashSet<>();
            for (JsonNode s : info.path("selected")) {
                selected.add(new SelectedPackage(s.path("name").asText(), s.path("attrPath").asText(),
                        s.path("drvName").asText(), outputs(s, "'" + s.path("name").asText() + "'", select, source,
                        listener)));
            }
            for (JsonNode x : info.path("expressions")) {
                int n = x.path("index").asInt();
                String text = exprs.get(n - 1);
                selected.add(SelectedPackage.expression(text, x.path("drvName").asText(),
                        outputs(x, "expression " + n + " (" + Expressions.shown(text) + ")", select, source, listener)));
            }
            selected.forEach(p -> roots.addAll(p.outputs()));

            List<String> buildArgv = new ArrayList<>(List.of("nix-build", files.prepareImage().toString(), "-A", "forest",
                    "--out-link", gcRoot.dir().resolve("forest").toString(), "--log-format", "internal-json"));
            buildArgv.addAll(sourceArgs);
            String out;
            try {
                out = runner.run(new NixCommand(buildArgv, "building " + what + " from " + source.description(),
                        options.buildTimeout()), listener);
            } catch (NixFailure e) {
                throw FlakeMetadata.explain(e, source);
            }
            StorePath forest = StorePath.of(lastLine(out));
            Closure closure = closure(roots);
            Map<StorePath, PathMeta> meta = pathMeta(closure, gcRoot, select, listener);
            return new Realisation(source, sys, selected, List.copyOf(roots), forest, closure, meta, gcRoot);
        } catch (RuntimeException e) {
            gcRoot.close();
            throw e;
        }
    }

    /**
     * What an image would get of one package, without building it: the outputs it installs (their
     * store paths, from evaluation alone), and their closure size when every one of them is already
     * in the store (built before), else -1. For a package's details in the window.
     */
    public PackageOutputs outputs(ResolvedSource source, String attrPath, NixProgress.Listener listener) {
        List<String> names = validateNames(List.of(attrPath));
        List<String> argv = new ArrayList<>(List.of("nix-instantiate", "--eval", "--strict", "--json",
                "--log-format", "internal-json", files.prepareImage().toString(), "-A", "info",
                "--argstr", "packages", names.get(0)));
        argv.addAll(source.nixArgs(currentSystem(), true, true));
        JsonNode info = readJson(runner.run(new NixCommand(argv, "evaluating " + attrPath + " in " + source.description(),
                options.evalTimeout()), listener), "prepare-image.nix info");
        List<StorePath> outs = new ArrayList<>();
        String drvName = "";
        for (JsonNode sel : info.path("selected")) {
            drvName = sel.path("drvName").asText("");
            sel.path("outputs").forEach(o -> outs.add(StorePath.of(o.asText())));
        }
        if (outs.isEmpty()) {
            throw new StrataException("'" + attrPath + "' has no outputs to install in " + source.description());
        }
        long size = -1;
        if (outs.stream().allMatch(o -> Files.exists(Path.of(o.path())))) {
            try {
                Closure c = closure(outs);
                size = c.totalNarSize();
            } catch (NixFailure e) {
                size = -1; // on disk but not (yet) valid: a build in progress
            }
        }
        return new PackageOutputs(attrPath, drvName, outs, size);
    }

    /**
     * The package set's metadata of every closure path a derivation reachable from the selected
     * packages explains ({@code prepare-image.nix -A meta}), for SBOMs. When it cannot be had (a set
     * whose attributes fail in ways tryEval does not catch), the build goes on with a warning and
     * the SBOM names those paths from their store names.
     */
    private Map<StorePath, PathMeta> pathMeta(Closure closure, GcRoot gcRoot, Function<String, NixCommand> select,
                                              NixProgress.Listener listener) {
        try {
            Path list = gcRoot.dir().resolve("closure.json");
            AtomicFile.write(list, JSON.writeValueAsString(closure.paths().stream().map(StorePath::path).toList()),
                    AtomicFile.Durability.CACHE);
            NixCommand meta = select.apply("meta");
            List<String> argv = new ArrayList<>(meta.argv());
            argv.addAll(List.of("--argstr", "closureFile", list.toString()));
            return PathMetaJson.parse(readJson(runner.run(new NixCommand(argv, "reading the package metadata of "
                    + closure.size() + " store paths", meta.timeout()), listener), "prepare-image.nix meta"));
        } catch (IOException | RuntimeException e) {
            listener.log("warning: no package metadata for the SBOM (" + e.getMessage()
                    + "); store paths will be named from their store names");
            return Map.of();
        }
    }

    /**
     * The outputs info gave for a package or expression; when they did not evaluate (the set refused
     * it itself, e.g. for an unfree or broken dependency), the set's own words from an evaluation
     * without tryEval.
     */
    private List<StorePath> outputs(JsonNode s, String name, Function<String, NixCommand> select,
                                    ResolvedSource source, NixProgress.Listener listener) {
        if (!s.path("outputs").isArray()) {
            try {
                runner.run(select.apply("check"), listener);
            } catch (NixFailure e) {
                throw withAllowHint(e);
            }
            throw new StrataException(name + " does not evaluate in " + source.description()
                    + " (its outputs throw an error); choose another package");
        }
        List<StorePath> outs = new ArrayList<>();
        s.path("outputs").forEach(o -> outs.add(StorePath.of(o.asText())));
        return outs;
    }

    /** Up to three package names of the set close to {@code name}; none when the set cannot be listed. */
    private List<String> closestNames(ResolvedSource source, String name, NixProgress.Listener listener) {
        try {
            return index(source, listener).closest(name, 3);
        } catch (StrataException e) {
            return List.of();
        }
    }

    /** Refuses an expression whose value is not a derivation, saying what it is instead. */
    private static void checkExpressions(ResolvedSource source, JsonNode info, List<String> exprs) {
        for (JsonNode x : info.path("expressions")) {
            if (x.has("notDerivation")) {
                int n = x.path("index").asInt();
                throw new StrataException("expression " + n + " (" + Expressions.shown(exprs.get(n - 1)) + ") is "
                        + x.path("notDerivation").asText() + " in " + source.description() + ", not a package (a "
                        + "derivation); write an expression that gives one, e.g. buildEnv { name = \"tools\"; "
                        + "paths = [ hello ]; }");
            }
        }
    }

    /**
     * Builds each of the given packages (attribute paths) that evaluates, for popularity counting:
     * first all together, and when that fails (a build with one failing package creates no out-links
     * at all, even with --keep-going) one by one, so a broken package only loses itself. The built
     * outputs stay alive through the returned GC root until it is closed.
     */
    public PackageBuilds buildPackages(ResolvedSource source, List<String> attrPaths, NixProgress.Listener listener) {
        List<String> names = validateNames(attrPaths);
        List<String> sourceArgs = source.nixArgs(currentSystem(), options.allowUnfree(), options.allowBroken());
        GcRoot gcRoot = newGcRoot();
        try {
            Path all = writeNames(gcRoot.dir().resolve("packages.txt"), names);
            List<String> infoArgv = new ArrayList<>(List.of("nix-instantiate", "--eval", "--strict", "--json",
                    "--log-format", "internal-json", files.popularity().toString(), "-A", "info",
                    "--argstr", "packagesFile", all.toString()));
            infoArgv.addAll(sourceArgs);
            JsonNode info = readJson(runner.run(new NixCommand(infoArgv, "evaluating " + names.size() + " packages of "
                    + source.description(), options.evalTimeout()), listener), "popularity.nix info");
            Map<String, List<StorePath>> outputs = new LinkedHashMap<>();
            Map<String, String> failed = new LinkedHashMap<>();
            for (JsonNode i : info) {
                String name = i.path("name").asText();
                if (i.path("outputs").isNull()) {
                    failed.put(name, "does not evaluate (broken, unfree or insecure in this set)");
                    continue;
                }
                List<StorePath> outs = new ArrayList<>();
                i.path("outputs").forEach(o -> outs.add(StorePath.of(o.asText())));
                outputs.put(name, outs);
            }
            if (!outputs.isEmpty()) {
                Path buildable = writeNames(gcRoot.dir().resolve("buildable.txt"), List.copyOf(outputs.keySet()));
                try {
                    build(source, sourceArgs, buildable, gcRoot.dir().resolve("all"), outputs.size() + " packages",
                            listener);
                } catch (NixFailure together) {
                    if (together.kind() == NixFailure.Kind.TIMEOUT || together.kind() == NixFailure.Kind.NOT_INSTALLED
                            || together.kind() == NixFailure.Kind.MISCONFIGURED) {
                        throw together;
                    }
                    int k = 0;
                    for (String name : List.copyOf(outputs.keySet())) {
                        Path one = writeNames(gcRoot.dir().resolve("one-" + k + ".txt"), List.of(name));
                        try {
                            build(source, sourceArgs, one, gcRoot.dir().resolve("p" + k), name, listener);
                        } catch (NixFailure alone) {
                            if (alone.kind() == NixFailure.Kind.TIMEOUT) {
                                throw alone;
                            }
                            outputs.remove(name);
                            failed.put(name, alone.getMessage().lines().findFirst().orElse("failed to build"));
                        }
                        k++;
                    }
                }
            }
            return new PackageBuilds(outputs, failed, gcRoot);
        } catch (RuntimeException e) {
            gcRoot.close();
            throw e;
        }
    }

    private void build(ResolvedSource source, List<String> sourceArgs, Path namesFile, Path outLink, String what,
                       NixProgress.Listener listener) {
        List<String> argv = new ArrayList<>(List.of("nix-build", files.popularity().toString(), "-A", "build",
                "--argstr", "packagesFile", namesFile.toString(), "--out-link", outLink.toString(),
                "--log-format", "internal-json"));
        argv.addAll(sourceArgs);
        runner.run(new NixCommand(argv, "building " + what + " from " + source.description(), options.buildTimeout()),
                listener);
    }

    private static Path writeNames(Path file, List<String> names) {
        try {
            Files.writeString(file, String.join("\n", names) + "\n", StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new StrataException("cannot write " + file + ": " + e.getMessage()
                    + "; check that the cache directory is writable");
        }
    }

    /** The runtime closure of valid store paths, from {@code nix path-info --json --recursive}. */
    public Closure closure(Collection<StorePath> roots) {
        List<String> argv = new ArrayList<>(List.of("nix", "path-info", "--json", "--recursive"));
        roots.forEach(r -> argv.add(r.path()));
        String json = runner.run(new NixCommand(argv, "reading the closure of " + roots.size() + " store paths",
                options.evalTimeout()), NixProgress.Listener.NONE);
        List<PathInfo> infos = PathInfoJson.parse(json, "nix path-info output");
        return Closure.of(infos, roots);
    }

    /**
     * Refuses the named packages that are unfree or marked broken, unless allowed, in every set:
     * their meta is read by the same rule as the search flags ({@link PackageIndexParser#toInfo}),
     * so the window's flags and the build agree. Deep dependencies are the set's own business
     * (a nixpkgs-style set refuses them through the {@code config} Strata passes; see load-set.nix).
     */
    private void refuseUnfreeAndBroken(ResolvedSource source, JsonNode info, List<String> exprs) {
        List<String> unfree = new ArrayList<>();
        List<String> broken = new ArrayList<>();
        List<JsonNode> roots = new ArrayList<>();
        info.path("selected").forEach(roots::add);
        info.path("expressions").forEach(roots::add); // --expr unrar is refused as the name unrar is
        for (JsonNode s : roots) {
            ObjectNode described = JSON.createObjectNode();
            described.put("name", s.path("drvName").asText(""));
            described.set("meta", s.path("meta"));
            PackageInfo p = PackageIndexParser.toInfo(s.path("attrPath").asText(""), described);
            int n = s.path("index").asInt(0);
            String name = n > 0 ? "expression " + n + " (" + Expressions.shown(exprs.get(n - 1)) + ")"
                    : "'" + s.path("name").asText() + "'";
            if (p.unfree() && !options.allowUnfree()) {
                unfree.add(name + (p.license().isEmpty() ? "" : " (licence " + p.license() + ")"));
            }
            if (p.broken() && !options.allowBroken()) {
                broken.add(name);
            }
        }
        List<String> parts = new ArrayList<>();
        if (!unfree.isEmpty()) {
            parts.add(String.join(", ", unfree) + (unfree.size() == 1 ? " has an unfree licence" : " have unfree licences")
                    + " in " + source.description() + "; allow unfree packages with --allow-unfree "
                    + "(in the window: tick \u201cAllow unfree packages\u201d)");
        }
        if (!broken.isEmpty()) {
            parts.add(String.join(", ", broken) + (broken.size() == 1 ? " is" : " are") + " marked broken in "
                    + source.description() + "; build " + (broken.size() == 1 ? "it" : "them")
                    + " anyway with --allow-broken (in the window: tick \u201cAllow broken packages\u201d)");
        }
        if (!parts.isEmpty()) {
            throw new StrataException(String.join("; and ", parts));
        }
    }

    /** A nixpkgs-style refusal (of a dependency, say) with the Strata option that allows it. */
    private NixFailure withAllowHint(NixFailure e) {
        String hint = e.getMessage().contains("unfree license") && !options.allowUnfree()
                ? "allow unfree packages with --allow-unfree (in the window: tick \u201cAllow unfree packages\u201d)"
                : e.getMessage().contains("marked as broken") && !options.allowBroken()
                ? "allow broken packages with --allow-broken (in the window: tick \u201cAllow broken packages\u201d)"
                : null;
        return hint == null ? e : new NixFailure(e.kind(), e.getMessage().replaceFirst("\\.?$", "") + "; " + hint,
                e.logTail());
    }

    /** How many unknown package names an error names (with suggestions); the rest are counted. */
    static final int UNKNOWN_NAMED = 10;

    private void checkSelection(ResolvedSource source, JsonNode info, NixProgress.Listener listener) {
        if (!info.path("setIsAttrs").asBoolean(true)) {
            throw notASet(source);
        }
        List<String> unknown = new ArrayList<>();
        info.path("unknown").forEach(n -> unknown.add(n.asText()));
        List<String> notDrv = new ArrayList<>();
        info.path("notDerivation").forEach(n -> notDrv.add(n.asText()));
        if (unknown.isEmpty() && notDrv.isEmpty()) {
            return;
        }
        PackageIndex index = index(source, listener);
        if (!unknown.isEmpty()) {
            // Named and matched (a scan of the whole index each) for the first few only: a recipe of
            // 20,000 made-up names used to give a 500 KB sentence after a long search for neighbours.
            List<String> parts = new ArrayList<>();
            for (String u : unknown.subList(0, Math.min(unknown.size(), UNKNOWN_NAMED))) {
                List<String> near = index.closest(u, 3);
                parts.add("'" + u + "'" + (near.isEmpty() ? " (nothing similar)" : " (did you mean " + String.join(", ", near) + "?)"));
            }
            if (unknown.size() > UNKNOWN_NAMED) {
                parts.add("and " + (unknown.size() - UNKNOWN_NAMED) + " more");
            }
            throw new UnknownPackagesException((unknown.size() == 1 ? "unknown package " : "unknown packages ")
                    + String.join(", ", parts) + " in " + source.description()
                    + "; find names with: ./strata search NAME", unknown);
        }
        String first = notDrv.get(0);
        List<String> inside = index.all().stream().map(PackageInfo::attrPath)
                .filter(a -> a.startsWith(first + ".")).limit(3).toList();
        throw new StrataException("'" + first + "' is not a package (not a derivation) in " + source.description()
                + (inside.isEmpty() ? "; name a package instead" : "; name one of its packages, e.g. " + String.join(", ", inside)));
    }

    private static StrataException notASet(ResolvedSource source) {
        return new StrataException(source.description() + " is not a package set: it does not evaluate to an "
                + "attribute set of packages; point the source at a nixpkgs-style default.nix");
    }

    static List<String> validateNames(List<String> packages) {
        if (packages == null || packages.isEmpty()) {
            throw new StrataException("no packages given; name at least one, e.g. hello");
        }
        List<String> names = new ArrayList<>();
        for (String p : packages) {
            String n = p.strip();
            if (!PACKAGE_NAME.matcher(n).matches() || n.contains("..") || n.endsWith(".")) {
                throw new StrataException("'" + p + "' is not a package name; use attribute paths such as hello or "
                        + "python3Packages.flask (letters, digits, '.', '_', '+', '-')");
            }
            if (!names.contains(n)) {
                names.add(n);
            }
        }
        return names;
    }

    private GcRoot newGcRoot() {
        try {
            return GcRoot.create(cacheDir.resolve("gcroots"));
        } catch (IOException e) {
            throw new StrataException("cannot create a GC root below " + cacheDir + ": " + e.getMessage()
                    + "; check that the cache directory is writable");
        }
    }

    private static JsonNode readJson(String text, String what) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new StrataException("Nix printed something that is not JSON for " + what + ": " + e.getMessage());
        }
    }

    private static String lastLine(String out) {
        String[] lines = out.strip().split("\n");
        return lines[lines.length - 1].strip();
    }

    static void writeAtomically(Path target, String content) {
        try {
            AtomicFile.write(target, content, AtomicFile.Durability.CACHE);
        } catch (IOException e) {
            // A cache that cannot be written only costs time.
        }
    }

    private static Supplier<String> memoize(Supplier<String> s) {
        return new Supplier<>() {
            private volatile String value;

            @Override
            public String get() {
                String v = value;
                if (v == null) {
                    v = s.get();
                    value = v;
                }
                return v;
            }
        };
    }

    /**
     * The demo set's identity: its files and the bootstrap busybox it builds with. Hashing busybox
     * (2 MB) before the JIT warms up costs a quarter of a second, so its hash is noted in the cache
     * under its size and modification time and read back on later runs.
     */
    static String demoIdentity(NixFiles files, Path cacheDir) {
        Path busybox = Path.of("/usr/bin/busybox");
        String busyboxHash = "none";
        try {
            if (Files.isRegularFile(busybox)) {
                var attrs = Files.readAttributes(busybox, BasicFileAttributes.class);
                Path note = cacheDir.resolve("nix").resolve("busybox-" + attrs.size() + "-"
                        + attrs.lastModifiedTime().toMillis());
                if (Files.isRegularFile(note)) {
                    busyboxHash = Files.readString(note).strip();
                } else {
                    MessageDigest md = MessageDigest.getInstance("SHA-256");
                    try (var in = Files.newInputStream(busybox)) {
                        byte[] buf = new byte[1 << 16];
                        int n;
                        while ((n = in.read(buf)) > 0) {
                            md.update(buf, 0, n);
                        }
                    }
                    busyboxHash = HexFormat.of().formatHex(md.digest());
                    writeAtomically(note, busyboxHash);
                }
            }
        } catch (IOException | NoSuchAlgorithmException e) {
            busyboxHash = "unreadable";
        }
        return CacheKeys.of("demo-v1", files.contentHash(), busyboxHash);
    }
}
