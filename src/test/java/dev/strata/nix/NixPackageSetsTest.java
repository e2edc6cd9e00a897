package dev.strata.nix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.StrataException;
import dev.strata.closure.StorePath;
import dev.strata.source.PackageSource;
import dev.strata.source.ResolvedSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Search, realise and closures against real Nix, on the demo set and on a second, independently
 * written set (nixsets/othersets), plus every bad input the foundation issue lists.
 */
class NixPackageSetsTest {
    @TempDir
    static Path cache;
    static Nix nix;
    static ResolvedSource demo;
    static ResolvedSource others;

    @BeforeAll
    static void setUp() {
        nix = TestNix.create(cache);
        demo = nix.resolve(new PackageSource.Demo());
        others = nix.resolve(new PackageSource.LocalPath(TestNix.resourceSet("nixsets/othersets")));
    }

    @Test
    void searchFindsHelloWithItsDescription() {
        PackageIndex index = nix.index(demo, NixProgress.Listener.NONE);
        PackageInfo first = index.search("hello", 5).get(0);
        assertEquals("hello", first.attrPath());
        assertEquals("Program that produces a familiar, friendly greeting", first.description());
        assertTrue(index.size() >= 25, "the demo set has at least 25 packages, found " + index.size());
        assertTrue(index.all().stream().anyMatch(p -> p.attrPath().startsWith("python3Packages.")),
                "nested sets are listed");
        assertTrue(index.all().stream().anyMatch(PackageInfo::unfree), "the unfree package is listed and flagged");
        assertTrue(index.all().stream().anyMatch(PackageInfo::broken), "the broken package is listed and flagged");
    }

    @Test
    void theIndexOfAnImmutableSourceIsCachedOnDisk() throws Exception {
        PackageIndex first = nix.index(demo, NixProgress.Listener.NONE);
        List<Path> kept;
        try (var files = Files.list(cache.resolve("index"))) {
            kept = files.filter(f -> f.toString().endsWith(".idx")).toList();
        }
        assertEquals(1, kept.size(), "one index file for the demo set");
        PackageIndex read = PackageIndexFile.read(kept.get(0)).orElseThrow();
        assertEquals(first.all(), read.all());
        assertEquals(first.search("hello", 10), read.search("hello", 10));
    }

    @Test
    void theClosureOfSeveralPackagesEqualsNixStoreRequisites() {
        try (Realisation r = nix.realise(demo, List.of("hello", "git", "python3Packages.requests"), NixProgress.Listener.NONE)) {
            List<String> roots = r.roots().stream().map(StorePath::path).toList();
            assertEquals(TestNix.nixStoreRequisites(roots), r.closure().paths().stream().map(StorePath::path).sorted().toList());
            assertTrue(r.closure().size() >= 20, "git and requests have deep closures: " + r.closure().size());
            // The closure model agrees with Nix on every path's references.
            for (StorePath p : r.closure().paths()) {
                List<String> refs = TestNix.run(null, "nix-store", "-q", "--references", p.path()).lines()
                        .filter(l -> !l.equals(p.path())).sorted().toList();
                assertEquals(refs, r.closure().references(p).stream().map(StorePath::path).toList(), p.path());
            }
            assertEquals(List.of("hello", "git", "python3Packages.requests"),
                    r.packages().stream().map(SelectedPackage::attrPath).toList());
            assertTrue(Files.isSymbolicLink(Path.of(r.forest().path(), "bin", "hello")));
            assertTrue(Files.isSymbolicLink(Path.of(r.forest().path(), "bin", "git")));
        }
    }

    @Test
    void namesFallBackToACaseInsensitiveMatchAndMultipleOutputsInstallTheirBinaries() {
        try (Realisation r = nix.realise(demo, List.of("Hello", "curl"), NixProgress.Listener.NONE)) {
            assertEquals("hello", r.packages().get(0).attrPath());
            assertTrue(r.packages().get(1).outputs().get(0).name().endsWith("-bin"),
                    "curl installs its bin output: " + r.packages().get(1).outputs());
            assertTrue(Files.isSymbolicLink(Path.of(r.forest().path(), "bin", "curl")));
        }
    }

    @Test
    void aRealisedProgramRuns() {
        try (Realisation r = nix.realise(demo, List.of("hello"), NixProgress.Listener.NONE)) {
            assertEquals("Hello, world!\n", TestNix.run(null, Path.of(r.forest().path(), "bin", "hello").toString()));
        }
    }

    @Test
    void anotherNixpkgsStyleSetWorksJustAsWell() {
        PackageIndex index = nix.index(others, NixProgress.Listener.NONE);
        assertEquals("hello", index.search("hello", 5).get(0).attrPath());
        String deep = index.all().stream().map(PackageInfo::attrPath).filter(a -> a.toLowerCase().contains("deep"))
                .findFirst().orElseThrow();
        try (Realisation r = nix.realise(others, List.of("hello", deep), NixProgress.Listener.NONE)) {
            List<String> roots = r.roots().stream().map(StorePath::path).toList();
            assertEquals(TestNix.nixStoreRequisites(roots), r.closure().paths().stream().map(StorePath::path).sorted().toList());
            assertTrue(TestNix.run(null, Path.of(r.forest().path(), "bin", "hello").toString()).startsWith("Hello"));
        }
    }

    @Test
    void unknownPackagesAreListedWithTheClosestNames() {
        var e = assertThrows(StrataException.class, () -> nix.realise(demo, List.of("helo", "hello", "gti"),
                NixProgress.Listener.NONE));
        assertTrue(e.getMessage().startsWith("unknown packages 'helo' (did you mean hello"), e.getMessage());
        assertTrue(e.getMessage().contains("'gti' (did you mean git"), e.getMessage());
        assertTrue(e.getMessage().contains("./strata search"), e.getMessage());
    }

    @Test
    void anAttributeThatIsNotADerivationSaysWhatToNameInstead() {
        var e = assertThrows(StrataException.class, () -> nix.realise(demo, List.of("python3Packages"),
                NixProgress.Listener.NONE));
        assertTrue(e.getMessage().startsWith("'python3Packages' is not a package (not a derivation)"), e.getMessage());
        assertTrue(e.getMessage().contains("python3Packages."), e.getMessage());
    }

    @Test
    void aBuildFailureNamesTheDerivationAndShowsTheEndOfItsLog() {
        String broken = nix.index(demo, NixProgress.Listener.NONE).all().stream().filter(PackageInfo::broken)
                .map(PackageInfo::attrPath).findFirst().orElseThrow();
        Nix allowing = nix.withOptions(nix.options().withAllowBroken(true));
        NixFailure f = assertThrows(NixFailure.class, () -> allowing.realise(demo, List.of(broken),
                NixProgress.Listener.NONE));
        assertEquals(NixFailure.Kind.BUILD, f.kind());
        assertTrue(f.getMessage().startsWith("Nix could not build "), f.getMessage());
        assertTrue(f.getMessage().contains("the last lines of its log:\n"), f.getMessage());
        assertTrue(f.logTail().size() > 1, "the log tail is kept for the GUI");
    }

    @Test
    void unfreePackagesNeedConsent() {
        String unfree = nix.index(demo, NixProgress.Listener.NONE).all().stream().filter(PackageInfo::unfree)
                .map(PackageInfo::attrPath).findFirst().orElseThrow();
        var e = assertThrows(StrataException.class, () -> nix.realise(demo, List.of(unfree), NixProgress.Listener.NONE));
        assertTrue(e.getMessage().contains("unfree") && e.getMessage().contains("--allow-unfree"), e.getMessage());
        Nix allowing = nix.withOptions(nix.options().withAllowUnfree(true));
        try (Realisation r = allowing.realise(allowing.resolve(new PackageSource.Demo()), List.of(unfree),
                NixProgress.Listener.NONE)) {
            assertEquals(unfree, r.packages().get(0).attrPath());
        }
    }

    @Test
    void anEvaluationErrorGivesTheUsefulPartOfNixsMessage() {
        ResolvedSource broken = nix.resolve(new PackageSource.LocalPath(TestNix.resourceSet("nixsets/broken-eval")));
        NixFailure f = assertThrows(NixFailure.class, () -> nix.index(broken, NixProgress.Listener.NONE));
        assertEquals(NixFailure.Kind.EVALUATION, f.kind());
        assertTrue(f.getMessage().contains("undefined variable 'thisVariableIsNotDefined' (at "), f.getMessage());
        assertTrue(!f.getMessage().contains("\u001b"), "no terminal colours");
    }

    @Test
    void aPathThatIsNotAPackageSetIsRefused(@TempDir Path empty) {
        ResolvedSource notASet = nix.resolve(new PackageSource.LocalPath(TestNix.resourceSet("nixsets/not-a-set")));
        var e = assertThrows(StrataException.class, () -> nix.realise(notASet, List.of("hello"), NixProgress.Listener.NONE));
        assertTrue(e.getMessage().endsWith("is not a package set: it does not evaluate to an attribute set of packages; "
                + "point the source at a nixpkgs-style default.nix"), e.getMessage());
        var e2 = assertThrows(StrataException.class, () -> nix.index(notASet, NixProgress.Listener.NONE));
        assertTrue(e2.getMessage().contains("is not a package set"), e2.getMessage());
        var e3 = assertThrows(StrataException.class, () -> nix.resolve(new PackageSource.LocalPath(empty)));
        assertTrue(e3.getMessage().contains("has no default.nix"), e3.getMessage());
    }

    @Test
    void nixpkgsWithoutNixPathIsAnInstruction() {
        var e = assertThrows(StrataException.class, () -> nix.resolve(new PackageSource.Nixpkgs()));
        assertTrue(e.getMessage().contains("NIX_PATH"), e.getMessage());
    }
}
