package dev.strata.compose;

import dev.strata.StrataException;
import dev.strata.closure.Closure;
import dev.strata.closure.PathInfo;
import dev.strata.closure.StorePath;
import dev.strata.layering.Popularity;
import dev.strata.layering.PopularityCount;
import dev.strata.nix.BinaryCache;
import dev.strata.nix.Nix;
import dev.strata.nix.PackageBuilds;
import dev.strata.nix.PackageIndex;
import dev.strata.nix.PackageInfo;
import dev.strata.source.ResolvedSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code strata popularity}: counts, like Nixery's popcount, how many store paths reference each
 * path across a package set, either by building the set's packages in the local store or by
 * reading narinfo files from a binary cache.
 */
final class PopularityCounting {
    private PopularityCounting() {}

    /** Builds every evaluable, non-broken (and, unless allowed, free) package of the source and counts. */
    static PopularityResult ofSource(Composer composer, String sourceSpec, boolean allowUnfree,
                                     ProgressListener listener) {
        ResolvedSource source = composer.resolve(sourceSpec, listener);
        PackageIndex index = composer.index(source, listener);
        List<String> wanted = new ArrayList<>();
        Map<String, String> skipped = new TreeMap<>();
        for (PackageInfo p : index.all()) {
            if (p.broken()) {
                skipped.put(p.attrPath(), "marked broken");
            } else if (p.unfree() && !allowUnfree) {
                skipped.put(p.attrPath(), "unfree (use --allow-unfree to count it)");
            } else {
                wanted.add(p.attrPath());
            }
        }
        if (wanted.isEmpty()) {
            throw new StrataException(source.description() + " has no package to count (" + skipped.size()
                    + " skipped as broken or unfree); choose another source");
        }
        Nix nix = composer.nix().options().allowUnfree() == allowUnfree ? composer.nix()
                : composer.nix().withOptions(composer.nix().options().withAllowUnfree(allowUnfree));
        listener.on(ProgressEvent.started(PipelineStep.NIX_BUILD, "Building " + wanted.size() + " packages"));
        try (PackageBuilds builds = nix.buildPackages(source, wanted, Composer.nixListener(PipelineStep.NIX_BUILD, listener))) {
            skipped.putAll(builds.failed());
            listener.on(ProgressEvent.finished(PipelineStep.NIX_BUILD, builds.outputs().size() + " built, "
                    + builds.failed().size() + " not"));
            LinkedHashSet<StorePath> roots = new LinkedHashSet<>();
            builds.outputs().values().forEach(roots::addAll);
            if (roots.isEmpty()) {
                throw new StrataException("no package of " + source.description() + " could be built ("
                        + skipped.size() + " skipped); see the reasons with --json");
            }
            listener.on(ProgressEvent.started(PipelineStep.POPULARITY, "Counting references in the closure of "
                    + roots.size() + " outputs"));
            Closure closure = nix.closure(roots);
            Map<StorePath, List<StorePath>> refs = new HashMap<>();
            for (PathInfo info : closure.pathInfos()) {
                refs.put(info.path(), info.references());
            }
            Popularity popularity = PopularityCount.count(refs);
            listener.on(ProgressEvent.finished(PipelineStep.POPULARITY, popularity.size() + " names referenced"));
            return new PopularityResult(popularity, builds.outputs().size(), closure.size(), skipped);
        }
    }

    /** Reads the narinfo of every listed path and, recursively, of its references, and counts. */
    static PopularityResult ofBinaryCache(String url, List<StorePath> paths, int jobs, ProgressListener listener) {
        BinaryCache cache = new BinaryCache(url, jobs);
        listener.on(ProgressEvent.started(PipelineStep.POPULARITY, "Reading narinfos from " + cache.url()));
        Map<StorePath, BinaryCache.NarInfo> infos = cache.closure(paths,
                n -> listener.on(ProgressEvent.progress(PipelineStep.POPULARITY, n + " narinfos read", n, -1)));
        Map<StorePath, List<StorePath>> refs = new HashMap<>();
        infos.forEach((p, info) -> refs.put(p, info.references()));
        Popularity popularity = PopularityCount.count(refs);
        listener.on(ProgressEvent.finished(PipelineStep.POPULARITY, infos.size() + " store paths, " + popularity.size()
                + " names referenced"));
        return new PopularityResult(popularity, paths.size(), infos.size(), Map.of());
    }

    /** Store paths from a file, one per line; blank lines and lines starting with # are skipped. */
    static List<StorePath> readPathList(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new StrataException("the path list " + file + " does not exist; give a file with one store path per "
                    + "line (e.g. a channel's store-paths file)");
        } catch (IOException e) {
            throw new StrataException("cannot read the path list " + file + ": " + e.getMessage());
        }
        List<StorePath> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            try {
                out.add(StorePath.of(line));
            } catch (IllegalArgumentException e) {
                throw new StrataException(file + " line " + (i + 1) + ": '" + line + "' is not a store path; the file "
                        + "must list one /nix/store/HASH-NAME per line");
            }
        }
        if (out.isEmpty()) {
            throw new StrataException("the path list " + file + " lists no store path; put one /nix/store/HASH-NAME "
                    + "per line");
        }
        return out;
    }
}
