package dev.strata.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.StrataException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PackageSourceTest {
    static final String C = "0123456789abcdef0123456789abcdef01234567";

    @Test
    void parsesEveryKindAndPrintsItBack(@TempDir Path dir) {
        for (String spec : List.of("demo", "nixpkgs", "channel:nixos-24.05", "channel:" + C,
                "git:https://example.org/p.git", "git:https://example.org/p.git#main", "git:/srv/repo#" + C,
                "path:" + dir, "flake:" + dir, "flake:path:" + dir + "?narHash=sha256-x", "flake:github:o/r/" + C,
                "flake:git+file:///srv/r?ref=main&rev=" + C, "flake:nixpkgs")) {
            assertEquals(spec, PackageSource.parse(spec).spec());
        }
    }

    @Test
    void blanksAroundALocationAreSpacingAndTheSpecReadsBackAsTheSameSource(@TempDir Path dir) {
        // Found by PackageSourcePropertiesTest: "git: /" made the relative directory " /" under the
        // working directory, whose spec ("git:/cwd/ ") lost its last blank when read back.
        Path cwd = Path.of("").toAbsolutePath();
        assertEquals("git:/", PackageSource.parse("git: /").spec());
        assertEquals("git:" + cwd.resolve("pkgs") + "#main", PackageSource.parse("git:  pkgs #main").spec());
        assertEquals("path:" + dir, PackageSource.parse("path: " + dir + " ").spec());
        assertEquals("flake:" + dir, PackageSource.parse("flake:  " + dir).spec());
        assertThrows(StrataException.class, () -> PackageSource.parse("git:x\n#main"), "a line break is not spacing");
        assertEquals("channel:nixos-24.05", PackageSource.parse("channel: nixos-24.05").spec());
        for (String spec : List.of("git: /", "git:  pkgs #main", "path: " + dir + " ", "channel: nixos-24.05")) {
            PackageSource s = PackageSource.parse(spec);
            assertEquals(s, PackageSource.parse(s.spec()), spec);
        }
    }

    @Test
    void flakeDirectoriesAreMadeAbsoluteAndAttributesAndOptionsRefused() {
        Path cwd = Path.of("").toAbsolutePath();
        assertEquals("flake:" + cwd.resolve("my-flake"), PackageSource.parse("flake:./my-flake").spec());
        assertEquals("flake:" + cwd, PackageSource.parse("flake:.").spec());
        assertEquals("flake:path:" + cwd.resolve("x") + "?dir=sub", PackageSource.parse("flake:path:x?dir=sub").spec());
        assertFalse(PackageSource.parse("flake:" + cwd).cacheKey().isPresent(), "the lock decides, not the text");
        var option = assertThrows(StrataException.class, () -> PackageSource.parse("flake:--impure"));
        assertTrue(option.getMessage().contains("'--impure' starts with '-'"), option.getMessage());
        var attribute = assertThrows(StrataException.class, () -> PackageSource.parse("flake:.#hello"));
        assertTrue(attribute.getMessage().contains("--source flake:. hello"), attribute.getMessage());
        var control = assertThrows(StrataException.class, () -> PackageSource.parse("flake:/a\nb"));
        assertTrue(control.getMessage().contains("control character"), control.getMessage());
        assertEquals("the flake git+https://***@host/r", PackageSource.parse("flake:git+https://u:tok@host/r").describe());
    }

    @Test
    void onlyImmutableSourcesHaveACacheKey(@TempDir Path dir) {
        assertTrue(PackageSource.parse("channel:" + C).cacheKey().isPresent());
        assertFalse(PackageSource.parse("channel:nixos-unstable").cacheKey().isPresent());
        assertTrue(PackageSource.parse("git:/r#" + C).cacheKey().isPresent());
        assertFalse(PackageSource.parse("git:/r#main").cacheKey().isPresent());
        assertFalse(PackageSource.parse("git:/r").cacheKey().isPresent());
        assertFalse(PackageSource.parse("path:" + dir).cacheKey().isPresent());
        assertFalse(PackageSource.parse("nixpkgs").cacheKey().isPresent());
    }

    @Test
    void commitsAreFortyLowercaseHexDigitsExactly() {
        var git = (PackageSource.Git) PackageSource.parse("git:/r#" + C);
        assertTrue(git.isCommit());
        assertFalse(((PackageSource.Git) PackageSource.parse("git:/r#" + C.substring(1))).isCommit());
        assertFalse(((PackageSource.Git) PackageSource.parse("git:/r#" + C.toUpperCase())).isCommit());
        assertFalse(((PackageSource.Git) PackageSource.parse("git:/r#" + C + "0")).isCommit());
    }

    @Test
    void channelUrls() {
        assertEquals("https://github.com/NixOS/nixpkgs/archive/" + C + ".tar.gz",
                ((PackageSource.Channel) PackageSource.parse("channel:" + C)).tarballUrl());
        assertEquals("https://nixos.org/channels/nixos-24.05/nixexprs.tar.xz",
                ((PackageSource.Channel) PackageSource.parse("channel:nixos-24.05")).tarballUrl());
        assertEquals("file:///tmp/set.tar.gz",
                ((PackageSource.Channel) PackageSource.parse("channel:file:///tmp/set.tar.gz")).tarballUrl());
    }

    @Test
    void badSpecsSayWhatIsAccepted() {
        var e = assertThrows(StrataException.class, () -> PackageSource.parse("svn:foo"));
        assertTrue(e.getMessage().contains("'svn:foo'") && e.getMessage().contains("git:URL"), e.getMessage());
        var e2 = assertThrows(StrataException.class, () -> PackageSource.parse("path:/does/not/exist"));
        assertTrue(e2.getMessage().contains("/does/not/exist"), e2.getMessage());
        assertInstanceOf(PackageSource.Git.class, PackageSource.parse("git:https://h/x.git#"));
        assertEquals(Optional.empty(), ((PackageSource.Git) PackageSource.parse("git:https://h/x.git#")).ref());
    }

    @Test
    void cacheKeysAreLengthPrefixedSoNoTwoInputsCollide() {
        assertNotEquals(CacheKeys.of("ab", "c"), CacheKeys.of("a", "bc"));
        assertNotEquals(CacheKeys.build("demo:1", "x86_64-linux", List.of("a b"), List.of()),
                CacheKeys.build("demo:1", "x86_64-linux", List.of("a", "b"), List.of()));
        assertNotEquals(CacheKeys.build("demo:1", "x86_64-linux", List.of("hello"), List.of()),
                CacheKeys.build("demo:1", "aarch64-linux", List.of("hello"), List.of()));
        assertNotEquals(CacheKeys.build("git:/r@" + C, "x86_64-linux", List.of("hello"), List.of()),
                CacheKeys.build("git:/r@" + C.replace('0', '1'), "x86_64-linux", List.of("hello"), List.of()));
        assertEquals(CacheKeys.of("x", "y"), CacheKeys.of(List.of("x", "y")));
    }
}
