package dev.strata.nix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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
 * {@code --source flake:REF} against real Nix: a flake in a temporary git repository (committed,
 * at a pinned commit, with uncommitted changes), its packages and nested legacyPackages, and every
 * bad input issue 13 lists, each one sentence.
 */
class FlakeSourceTest {
    @TempDir
    static Path dir;
    static Nix nix;
    static Path repo;

    @BeforeAll
    static void setUp() {
        nix = TestNix.create(dir.resolve("cache"));
        repo = TestFlakes.repo(dir, "packages");
    }

    static ResolvedSource resolve(String ref) {
        return nix.resolve(new PackageSource.Flake(ref));
    }

    static String run(Path program) {
        return TestNix.run(null, program.toString()).strip();
    }

    @Test
    void aCommittedCheckoutIsLockedToItsCommitAndCacheable() {
        ResolvedSource s = resolve(repo.toString());
        assertEquals("flake", s.kind());
        assertEquals(TestFlakes.head(repo), s.rev());
        assertTrue(s.value().startsWith("git+file://" + repo) && s.value().contains("rev=" + s.rev()), s.value());
        assertTrue(s.cacheable());
        assertTrue(s.description().contains("locked at commit " + s.rev()), s.description());
        assertEquals(List.of(), s.warnings());
    }

    @Test
    void searchListsPackagesAndNestedLegacyPackagesWithTheirMeta() {
        PackageIndex index = nix.index(resolve(repo.toString()), NixProgress.Listener.NONE);
        List<String> attrs = index.all().stream().map(PackageInfo::attrPath).sorted().toList();
        assertEquals(List.of("default", "greeters.shout", "hello", "toolbox"), attrs);
        PackageInfo hello = index.get("hello").orElseThrow();
        assertEquals("1.0", hello.version());
        assertEquals("Says hello from the test flake", hello.description());
        assertEquals("MIT", hello.license());
        assertEquals("greeters.shout", index.search("loudly", 5).get(0).attrPath());
    }

    @Test
    void packagesWinOverLegacyPackagesAndNestedNamesResolve() {
        try (Realisation r = nix.realise(resolve(repo.toString()), List.of("hello", "greeters.shout"),
                NixProgress.Listener.NONE)) {
            assertEquals("Hello from a flake!", run(Path.of(r.forest().path(), "bin", "hello")));
            // shout is legacyPackages', built on legacyPackages' own hello.
            assertEquals("HELLO FROM LEGACYPACKAGES", run(Path.of(r.forest().path(), "bin", "shout")));
            List<String> roots = r.roots().stream().map(StorePath::path).toList();
            assertEquals(TestNix.nixStoreRequisites(roots), r.closure().paths().stream().map(StorePath::path).sorted().toList());
            assertEquals(List.of("hello", "greeters.shout"), r.packages().stream().map(SelectedPackage::label).toList());
        }
    }

    @Test
    void aPinnedCommitOfAGitUrlBuildsThatCommitAndKeysDiffer() throws Exception {
        Path pinned = TestFlakes.repo(dir.resolve("pinned"), "packages");
        String first = TestFlakes.head(pinned);
        TestFlakes.edit(pinned, "flake.nix", "Hello from a flake!", "Hello from the second commit!");
        String second = TestFlakes.commitAll(pinned, "second greeting");
        ResolvedSource atFirst = resolve("git+file://" + pinned + "?ref=main&rev=" + first);
        ResolvedSource atHead = resolve(pinned.toString());
        assertEquals(first, atFirst.rev());
        assertEquals(second, atHead.rev());
        assertTrue(atFirst.cacheable() && atHead.cacheable());
        assertNotEquals(atFirst.cacheKey(), atHead.cacheKey());
        try (Realisation r = nix.realise(atFirst, List.of("hello"), NixProgress.Listener.NONE)) {
            assertEquals("Hello from a flake!", run(Path.of(r.forest().path(), "bin", "hello")));
        }
        try (Realisation r = nix.realise(atHead, List.of("hello"), NixProgress.Listener.NONE)) {
            assertEquals("Hello from the second commit!", run(Path.of(r.forest().path(), "bin", "hello")));
        }
    }

    @Test
    void aDirtyTreeIsEvaluatedAsOnDiskWithAWarningAndNotCached() {
        Path dirty = TestFlakes.repo(dir.resolve("dirty"), "packages");
        TestFlakes.edit(dirty, "flake.nix", "Hello from a flake!", "Hello, uncommitted!");
        ResolvedSource s = resolve(dirty.toString());
        assertFalse(s.cacheable());
        assertEquals(1, s.warnings().size());
        assertTrue(s.warnings().get(0).contains("uncommitted changes") && s.warnings().get(0).contains("git add"),
                s.warnings().get(0));
        try (Realisation r = nix.realise(s, List.of("hello"), NixProgress.Listener.NONE)) {
            assertEquals("Hello, uncommitted!", run(Path.of(r.forest().path(), "bin", "hello")));
        }
    }

    @Test
    void aFileGitDoesNotTrackIsNamedWithTheFix() throws Exception {
        Path untracked = TestFlakes.repo(dir.resolve("untracked"), "needs-untracked");
        Files.writeString(untracked.resolve("generated.nix"), "{ }\n");
        ResolvedSource s = resolve(untracked.toString());
        assertTrue(s.cacheable(), "untracked files do not make a tree dirty");
        StrataException e = assertThrows(StrataException.class, () -> nix.index(s, NixProgress.Listener.NONE));
        assertTrue(e.getMessage().contains("needs generated.nix") && e.getMessage().contains("git add generated.nix"),
                e.getMessage());
    }

    @Test
    void aDirectoryWithASpaceIsNamedWithTheUrlThatWorks() {
        Path spaced = TestFlakes.repo(dir.resolve("with space"), "packages");
        StrataException e = assertThrows(StrataException.class, () -> resolve(spaced.toString()));
        String url = "git+file://" + spaced.toString().replace(" ", "%20") + "?ref=main";
        assertEquals("the flake directory '" + spaced + "' has a space in its path, which Nix cannot read as a flake "
                + "reference; write it as a URL, --source 'flake:" + url + "', or move it to a path without spaces",
                e.getMessage());
        ResolvedSource s = resolve(url);
        assertEquals(TestFlakes.head(spaced), s.rev(), "the URL the message gives locks the checkout");
    }

    @Test
    void aDirectoryWithoutFlakeNixIsNotAFlake() throws Exception {
        Path plain = Files.createDirectories(dir.resolve("plain"));
        StrataException e = assertThrows(StrataException.class, () -> resolve(plain.toString()));
        assertTrue(e.getMessage().contains("is not a flake") && e.getMessage().contains("flake.nix"), e.getMessage());
        StrataException missing = assertThrows(StrataException.class, () -> resolve(dir.resolve("nowhere").toString()));
        assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());
    }

    @Test
    void aFlakeForOtherSystemsSaysWhichSystemsItHas() {
        Path other = TestFlakes.repo(dir, "other-system");
        StrataException e = assertThrows(StrataException.class,
                () -> nix.index(resolve(other.toString()), NixProgress.Listener.NONE));
        assertTrue(e.getMessage().startsWith("the flake " + other) && e.getMessage().contains(", has no packages for "
                + nix.currentSystem()) && e.getMessage().contains("are for powerpc64le-linux, riscv64-linux only"),
                e.getMessage());
        Path none = TestFlakes.repo(dir, "no-packages");
        StrataException e2 = assertThrows(StrataException.class,
                () -> nix.realise(resolve(none.toString()), List.of("hello"), NixProgress.Listener.NONE));
        assertTrue(e2.getMessage().contains("has no packages or legacyPackages outputs (its outputs: lib, templates)"),
                e2.getMessage());
    }

    @Test
    void anUnknownAttributeListsTheCloseOnes() {
        UnknownPackagesException e = assertThrows(UnknownPackagesException.class,
                () -> nix.realise(resolve(repo.toString()), List.of("helo"), NixProgress.Listener.NONE));
        assertTrue(e.getMessage().contains("'helo' (did you mean hello"), e.getMessage());
    }

    @Test
    void inputsWithoutALockFileAreRefusedWithTheCommandThatLocksThem() throws Exception {
        Path withInput = Files.createDirectories(dir.resolve("with-input"));
        Files.writeString(withInput.resolve("flake.nix"), "{ inputs.dep.url = \"path:" + repo + "\";\n"
                + "  outputs = { self, dep }: { packages = dep.packages; }; }\n");
        StrataException e = assertThrows(StrataException.class, () -> resolve(withInput.toString()));
        assertTrue(e.getMessage().contains("nix flake lock " + withInput), e.getMessage());
        assertFalse(Files.exists(withInput.resolve("flake.lock")), "Strata writes nothing into the user's flake");
    }

    @Test
    void aBareWordIsSaidToBeARegistryNameWithTheDirectorySpelling() {
        // "flake:myflake" for the directory myflake: Nix looked the word up in its registry and said only
        // that it could not download https://github.com/NixOS/flake-registry/... (offline here).
        StrataException e = assertThrows(StrataException.class, () -> resolve("strata-test-flake-dir"));
        assertTrue(e.getMessage().contains("is a name Nix looks up in its flake registry")
                && e.getMessage().contains("write flake:./strata-test-flake-dir"), e.getMessage());
    }

    @Test
    void aPlainDirectoryIsLockedToItsContent() throws Exception {
        Path plain = Files.createDirectories(dir.resolve("copy"));
        TestNix.run(null, "cp", "-r", TestNix.resourceSet("flakes/packages").toString() + "/.", plain.toString());
        Files.createDirectories(plain.resolve("bb"));
        Files.copy(Path.of("/usr/bin/busybox"), plain.resolve("bb/busybox"));
        ResolvedSource s = resolve("path:" + plain);
        assertTrue(s.cacheable() && s.rev().isEmpty() && s.value().contains("narHash="), s.value());
        try (Realisation r = nix.realise(s, List.of("default"), NixProgress.Listener.NONE)) {
            assertEquals("Hello from a flake!", run(Path.of(r.forest().path(), "bin", "hello")));
        }
        Files.writeString(plain.resolve("README"), "changed\n");
        assertNotEquals(s.cacheKey(), resolve("path:" + plain).cacheKey(), "new content, new key");
    }
}
