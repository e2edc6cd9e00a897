package dev.strata.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Every option of every command with the values an attacker or a typo gives it (negative, zero,
 * huge, empty, not a number, bad references and ports, paths that are directories or missing):
 * each is one sentence on stderr naming the value, exit 1 (a value Strata checks, and a whole number
 * too big for an int, said as out of range) or 2 (one picocli cannot parse, such as a word where a
 * number goes), never an internal error (70). All of these are refused before Nix runs or anything
 * is built or sent, so the table runs in seconds. (Output paths, {@code -o}, are checked in
 * their own tests.)
 */
class HostileOptionsTest {
    static final int USER = StrataCli.EXIT_USER_ERROR;
    static final int USAGE = StrataCli.EXIT_USAGE;
    /** A whole number no int or long holds: out of range, said as a smaller one would be. */
    static final String HUGE = "99999999999999999999";
    static final String A = "/nix/store/0jq9lmyg6gclxyhmviafp09g87gcsbnz-app-1";

    @TempDir
    static Path dir;
    static String closure;
    static String directory;
    static String missing;
    static String notJson;
    static String out;

    @BeforeAll
    static void files() throws Exception {
        closure = Files.writeString(dir.resolve("closure.json"), "[{\"path\":\"" + A + "\",\"narSize\":100,"
                + "\"references\":[]}]").toString();
        directory = Files.createDirectory(dir.resolve("a-directory")).toString();
        missing = dir.resolve("missing.file").toString();
        notJson = Files.writeString(dir.resolve("not-json.txt"), "{ this is not").toString();
        out = dir.resolve("out.tar").toString();
    }

    static Arguments c(int exit, String mentions, String... args) {
        return Arguments.of(String.join(" ", args), exit, mentions, args);
    }

    static Stream<Arguments> options() {
        String ref = "127.0.0.1:5000/tools/hello:1";
        List<Arguments> all = new ArrayList<>(List.of(
                // search
                c(USER, "--limit -1 is out of range", "search", "--limit", "-1", "hello"),
                c(USER, "--limit 0 is out of range", "search", "--limit", "0", "hello"),
                c(USAGE, "'abc' is not an int", "search", "--limit", "abc", "hello"),
                c(USER, "--limit 99999999999 is out of range; give 1 to 1000000 results", "search", "--limit",
                        "99999999999", "hello"),
                c(USER, "--limit -99999999999 is out of range; give 1 to", "search", "--limit", "-99999999999", "hello"),
                c(USER, "--nix-timeout 0 is out of range", "search", "--nix-timeout", "0", "hello"),
                c(USER, "--nix-timeout -5 is out of range", "search", "--nix-timeout", "-5", "hello"),
                c(USER, "--nix-timeout 999999999 is out of range", "search", "--nix-timeout", "999999999", "hello"),
                c(USER, "--nix-timeout " + HUGE + " is out of range; give 1 to 604800 seconds", "search",
                        "--nix-timeout", HUGE, "hello"),
                c(USER, "unknown package source 'bogus:x'", "search", "--source", "bogus:x", "hello"),
                c(USER, "the channel name is empty", "search", "--source", "channel:", "hello"),
                c(USER, "does not exist", "search", "--source", "path:" + missing, "hello"),
                // plan (a saved closure: no Nix)
                c(USER, "--max-layers 0 is out of range", "plan", "--closure", closure, "--max-layers", "0"),
                c(USER, "--max-layers -3 is out of range", "plan", "--closure", closure, "--max-layers", "-3"),
                c(USER, "--max-layers 126 is out of range", "plan", "--closure", closure, "--max-layers", "126"),
                c(USAGE, "'x' is not an int", "plan", "--closure", closure, "--max-layers", "x"),
                c(USER, "--max-layers " + HUGE + " is out of range; choose 2 to 125", "plan", "--closure", closure,
                        "--max-layers", HUGE),
                c(USER, "--max-layers -" + HUGE + " is out of range; choose 2 to 125", "plan", "--closure", closure,
                        "--max-layers", "-" + HUGE),
                c(USER, "--max-layers " + HUGE + " is out of range", "plan", "hello", "--max-layers", HUGE),
                c(USER, "unknown layering strategy 'nope'", "plan", "--closure", closure, "--strategy", "nope"),
                c(USER, "--pin needs a value", "plan", "--closure", closure, "--pin", ""),
                c(USER, "--pin 'zzz' matches no", "plan", "--closure", closure, "--pin", "zzz"),
                c(USER, "--root x is not a store path", "plan", "--closure", closure, "--root", "x"),
                c(USER, "is not in the closure", "plan", "--closure", closure, "--root",
                        "/nix/store/vz0h9zsn8l56szbwzpripicrr2zf1p85-lib-1"),
                c(USER, "cannot read " + directory, "plan", "--closure", directory),
                c(USER, "does not exist", "plan", "--closure", missing),
                c(USER, "it is not valid JSON", "plan", "--closure", notJson),
                c(USER, "is not a valid file URL", "plan", "--closure", closure, "--popularity", "file://%zz"),
                c(USER, "has port 99999, which does not exist", "plan", "--closure", closure, "--popularity",
                        "http://127.0.0.1:99999/p.json"),
                c(USER, "cannot read the popularity file " + directory, "plan", "--closure", closure, "--popularity",
                        directory),
                c(USER, "does not exist", "plan", "--closure", closure, "--popularity", missing),
                c(USER, "is not popularity data", "plan", "--closure", closure, "--popularity", notJson),
                c(USER, "--previous needs a value", "plan", "--closure", closure, "--previous", ""),
                c(USER, "--previous " + missing + " does not exist", "plan", "--closure", closure, "--previous",
                        missing),
                c(USER, "--previous " + directory + " is not a plan", "plan", "--closure", closure, "--previous",
                        directory),
                c(USER, "--previous " + notJson + " is not a plan", "plan", "--closure", closure, "--previous",
                        notJson),
                c(USER, "is not an OCI image layout", "plan", "--closure", closure, "--previous", "oci:" + directory),
                c(USER, "cannot read the recipe " + directory, "plan", "--recipe", directory),
                c(USER, "is not a Strata recipe", "plan", "--recipe", notJson),
                c(USER, "is empty", "plan", "hello", "--expr", ""),
                c(USER, "is empty", "build", "hello", "-o", out, "--expr", ""),
                c(USER, "is empty", "push", "hello", ref, "--expr", ""),
                c(USER, "is empty", "load", "hello", "--expr", ""),
                // --add and --from: refused before Nix runs
                c(USER, "names no destination", "plan", "hello", "--add", "app.conf"),
                c(USER, "is not an absolute path in the image", "build", "hello", "-o", out, "--add",
                        directory + ":etc/app"),
                c(USER, "contains '..'", "push", "hello", ref, "--add", directory + ":/etc/../../x"),
                c(USER, "is not an option", "load", "hello", "--add", directory + ":/srv:owner=root"),
                c(USER, "mode=9 is not a mode", "plan", "hello", "--add", directory + ":/srv:mode=9"),
                c(USER, missing + " does not exist", "build", "hello", "-o", out, "--add", missing + ":/etc/x"),
                c(USER, "is not an OCI image layout", "plan", "hello", "--from", "oci:" + directory),
                c(USER, "does not exist", "build", "hello", "-o", out, "--from", "docker-archive:" + missing),
                c(USER, "is not an image reference", "push", "hello", ref, "--from", "no such:image"),
                c(USER, "does not exist", "load", "hello", "--from", "oci-archive:" + missing),
                // build (refused before Nix runs)
                c(USER, "--format 'bogus' is not one of", "build", "hello", "-o", out, "--format", "bogus"),
                c(USER, "the image name is empty", "build", "hello", "-o", out, "-t", ""),
                c(USER, "has port 99999, which does not exist", "build", "hello", "-o", out, "-t", "host:99999/a:1"),
                c(USER, "'UPPER:1' is not an image name", "build", "hello", "-o", out, "-t", "UPPER:1"),
                c(USER, "--compression '' is not one of", "build", "hello", "-o", out, "--compression", ""),
                c(USER, "--manifest-format 'x' is not one of", "build", "hello", "-o", out, "--manifest-format", "x"),
                c(USER, "--created 'x' is not one of", "build", "hello", "-o", out, "--created", "x"),
                c(USER, "is not a JSON array of strings", "build", "hello", "-o", out, "--cmd", "[null]"),
                c(USER, "is not a JSON array of strings", "build", "hello", "-o", out, "--entrypoint", "[1,2]"),
                c(USER, "is not a JSON array of strings", "build", "hello", "-o", out, "--entrypoint", "["),
                c(USER, "environment entry '=x'", "build", "hello", "-o", out, "--env", "=x"),
                c(USER, "working directory 'rel' is not absolute", "build", "hello", "-o", out, "--workdir", "rel"),
                c(USER, "user 'a:b:c' is not valid", "build", "hello", "-o", out, "--user", "a:b:c"),
                c(USER, "has the id 99999999999", "build", "hello", "-o", out, "--user", "99999999999"),
                c(USER, "port '99999' is not valid", "build", "hello", "-o", out, "--port", "99999"),
                c(USER, "port '' is not valid", "build", "hello", "-o", out, "--port", ""),
                c(USER, "label '=v' is not KEY=VALUE", "build", "hello", "-o", out, "--label", "=v"),
                c(USER, "--max-layers 0 is out of range", "build", "hello", "-o", out, "--max-layers", "0"),
                c(USER, "--max-layers 1 is out of range", "build", "hello", "-o", out, "--max-layers", "1"),
                c(USER, "--max-layers " + HUGE + " is out of range; choose 2 to 125", "build", "hello", "-o", out,
                        "--max-layers", HUGE),
                c(USER, "--nix-timeout " + HUGE + " is out of range", "build", "hello", "-o", out, "--nix-timeout", HUGE),
                // push (refused before anything is built)
                c(USER, "'' is not an image reference", "push", "hello", ""),
                c(USER, "repository names must be lower case", "push", "hello", "UPPER/x:1"),
                c(USER, "the repository name has 256 characters, and registries take at most 255", "push", "hello",
                        "127.0.0.1:1/" + "a".repeat(256) + ":1"),
                c(USER, "has port 99999, which does not exist", "push", "hello", "127.0.0.1:99999/a/b:1"),
                c(USER, "has port 0, which does not exist", "push", "hello", "127.0.0.1:0/a/b:1"),
                c(USER, "has port 65536, which does not exist", "push", "hello", "127.0.0.1:65536/a/b:1"),
                c(USER, "names a digest", "push", "hello", "127.0.0.1:5000/a@sha256:" + "0".repeat(64)),
                c(USER, "'.bad' is not a valid tag", "push", "hello", ref, "-t", ".bad"),
                c(USER, "--timeout 0 is out of range", "push", "hello", ref, "--timeout", "0"),
                c(USER, "--timeout -5 is out of range", "push", "hello", ref, "--timeout", "-5"),
                c(USER, "--timeout 99999999 is out of range", "push", "hello", ref, "--timeout", "99999999"),
                c(USER, "--timeout " + HUGE + " is out of range; give 1 to 86400 seconds", "push", "hello", ref,
                        "--timeout", HUGE),
                c(USER, "--max-layers " + HUGE + " is out of range", "push", "hello", ref, "--max-layers", HUGE),
                c(USER, "--chunk-size 0 is not a size", "push", "hello", ref, "--chunk-size", "0"),
                c(USER, "--chunk-size -5M is not a size", "push", "hello", ref, "--chunk-size", "-5M"),
                c(USER, "--chunk-size 99999999999999G is not a size", "push", "hello", ref, "--chunk-size",
                        "99999999999999G"),
                c(USER, "--chunk-size  is not a size", "push", "hello", ref, "--chunk-size", ""),
                c(USER, "--ca-cert " + missing + " does not exist", "push", "hello", ref, "--ca-cert", missing),
                c(USER, "--ca-cert " + directory + " is not a file", "push", "hello", ref, "--ca-cert", directory),
                c(USER, "--ca-cert " + notJson + " is not a certificate file", "push", "hello", ref, "--ca-cert",
                        notJson),
                c(USER, "--creds needs USER:PASSWORD", "push", "hello", ref, "--creds", ""),
                c(USER, "--creds needs USER:PASSWORD", "push", "hello", ref, "--creds", ":secret"),
                // load (refused before anything is built)
                c(USER, "-t  is not an image name", "load", "hello", "-t", ""),
                c(USER, "--timeout 0 is out of range", "load", "hello", "--timeout", "0"),
                c(USER, "--timeout -1 is out of range", "load", "hello", "--timeout", "-1"),
                c(USAGE, "'soon' is not an int", "load", "hello", "--timeout", "soon"),
                c(USER, "--timeout " + HUGE + " is out of range; give 1 to 86400 seconds", "load", "hello",
                        "--timeout", HUGE),
                c(USER, "--max-layers " + HUGE + " is out of range", "load", "hello", "--max-layers", HUGE),
                c(USER, "has port 99999, which does not exist", "load", "hello", "--docker-host",
                        "tcp://127.0.0.1:99999"),
                c(USER, "needs a host and a port", "load", "hello", "--docker-host", "tcp://127.0.0.1"),
                c(USER, "is not a Docker host Strata understands", "load", "hello", "--docker-host", "ftp://x"),
                c(USER, "--docker-host 'unix://' is not a Docker host", "load", "hello", "--docker-host", "unix://"),
                c(USER, "no such socket", "load", "hello", "--docker-host", missing),
                c(USER, "a directory, not a socket", "load", "hello", "--docker-host", "unix://" + directory),
                c(USER, "a regular file, not a socket", "load", "hello", "--docker-host", notJson),
                // serve (refused before listening)
                c(USER, "--listen 127.0.0.1:99999 is not HOST:PORT", "serve", "--listen", "127.0.0.1:99999"),
                c(USER, "--listen  is not HOST:PORT", "serve", "--listen", ""),
                c(USER, "--build-timeout 0 is out of range", "serve", "--listen", "127.0.0.1:0", "--build-timeout", "0"),
                c(USER, "--build-timeout -1 is out of range", "serve", "--listen", "127.0.0.1:0", "--build-timeout",
                        "-1"),
                c(USER, "--max-builds 0 is out of range", "serve", "--listen", "127.0.0.1:0", "--max-builds", "0"),
                c(USER, "--max-builds 100000 is out of range", "serve", "--listen", "127.0.0.1:0", "--max-builds",
                        "100000"),
                c(USER, "--queue -1 is out of range", "serve", "--listen", "127.0.0.1:0", "--queue", "-1"),
                c(USER, "--build-timeout " + HUGE + " is out of range; give 1 to 604800 seconds", "serve", "--listen",
                        "127.0.0.1:0", "--build-timeout", HUGE),
                c(USER, "--max-builds " + HUGE + " is out of range; give 1 to 1024 builds at once", "serve",
                        "--listen", "127.0.0.1:0", "--max-builds", HUGE),
                c(USER, "--queue " + HUGE + " is out of range; give 1 to 100000 waiting builds", "serve", "--listen",
                        "127.0.0.1:0", "--queue", HUGE),
                c(USER, "--max-connections " + HUGE + " is out of range; give 1 to 65536", "serve", "--listen",
                        "127.0.0.1:0", "--max-connections", HUGE),
                c(USER, "--max-connections-per-client " + HUGE + " is out of range; give 1 to 65536", "serve",
                        "--listen", "127.0.0.1:0", "--max-connections-per-client", HUGE),
                c(USER, "--max-layers " + HUGE + " is out of range", "serve", "--listen", "127.0.0.1:0",
                        "--max-layers", HUGE),
                c(USER, "--max-connections 0 is out of range", "serve", "--listen", "127.0.0.1:0",
                        "--max-connections", "0"),
                c(USER, "--max-connections-per-client 0 is out of range", "serve", "--listen", "127.0.0.1:0",
                        "--max-connections-per-client", "0"),
                c(USER, "serve does not take --previous", "serve", "--listen", "127.0.0.1:0", "--previous", closure),
                c(USER, "--htpasswd " + missing + " does not exist", "serve", "--listen", "127.0.0.1:0", "--htpasswd",
                        missing),
                c(USER, "--htpasswd " + directory + " is not a file", "serve", "--listen", "127.0.0.1:0",
                        "--htpasswd", directory),
                c(USER, "--upstream 'ftp://127.0.0.1/nix' is not an http(s) URL", "serve", "--listen", "127.0.0.1:0",
                        "--upstream", "ftp://127.0.0.1/nix"),
                c(USER, "has port 99999", "serve", "--listen", "127.0.0.1:0", "--upstream", "http://127.0.0.1:99999"),
                c(USER, "holds credentials", "serve", "--listen", "127.0.0.1:0", "--upstream",
                        "http://builder:pw@127.0.0.1:1/nix"),
                c(USER, "is not a repository prefix", "serve", "--listen", "127.0.0.1:0", "--upstream",
                        "http://127.0.0.1:1/Nix"),
                c(USER, "127.0.0.1:1", "serve", "--listen", "127.0.0.1:0", "--upstream", "http://127.0.0.1:1/nix"),
                c(USER, "need --upstream URL", "serve", "--listen", "127.0.0.1:0", "--upstream-ca-cert", missing),
                c(USER, "--upstream-ca-cert " + missing + " does not exist", "serve", "--listen", "127.0.0.1:0",
                        "--upstream", "https://127.0.0.1:1/nix", "--upstream-ca-cert", missing),
                c(USER, "--upstream-ca-cert is for an https:// upstream", "serve", "--listen", "127.0.0.1:0",
                        "--upstream", "http://127.0.0.1:1/nix", "--upstream-ca-cert", notJson),
                c(USER, "--upstream-creds-file " + missing + " does not exist", "serve", "--listen", "127.0.0.1:0",
                        "--upstream", "http://127.0.0.1:1/nix", "--upstream-creds-file", missing),
                c(USER, "--upstream-creds-file " + directory + " is not a file", "serve", "--listen", "127.0.0.1:0",
                        "--upstream", "http://127.0.0.1:1/nix", "--upstream-creds-file", directory),
                c(USER, "--upstream-timeout 0 is out of range", "serve", "--listen", "127.0.0.1:0", "--upstream",
                        "http://127.0.0.1:1/nix", "--upstream-timeout", "0"),
                c(USAGE, "'soon' is not an int", "serve", "--listen", "127.0.0.1:0", "--upstream",
                        "http://127.0.0.1:1/nix", "--upstream-timeout", "soon"),
                c(USER, "--upstream-timeout " + HUGE + " is out of range; give 1 to 86400 seconds", "serve",
                        "--listen", "127.0.0.1:0", "--upstream", "http://127.0.0.1:1/nix", "--upstream-timeout", HUGE),
                // SBOMs (refused before Nix runs)
                c(USER, "--format 'bogus' is not one of spdx, cyclonedx", "sbom", "hello", "--format", "bogus"),
                c(USER, "-o " + directory + " is a directory", "sbom", "hello", "-o", directory),
                c(USER, "the directory " + missing + " does not exist", "sbom", "hello", "-o", missing + "/sbom.json"),
                c(USER, "no such socket", "sbom", "docker-daemon:demo/hello:1", "--docker-host", missing),
                c(USER, "--sbom-format 'x' is not one of spdx, cyclonedx", "build", "hello", "-o", out,
                        "--sbom", out + ".spdx.json", "--sbom-format", "x"),
                c(USER, "add --sbom FILE", "build", "hello", "-o", out, "--sbom-format", "cyclonedx"),
                c(USER, "--sbom " + directory + " is a directory", "build", "hello", "-o", out, "--sbom", directory),
                c(USER, "--sbom " + directory + " is a directory", "push", "hello", ref, "--sbom", directory),
                c(USER, "--sbom-format 'x' is not one of", "push", "hello", ref, "--sbom", out, "--sbom-format", "x"),
                c(USER, "--sbom " + directory + " is a directory", "load", "hello", "--sbom", directory),
                c(USER, "--sbom-format '' is not one of", "load", "hello", "--sbom", out, "--sbom-format", ""),
                // inspect and diff (refused before anything is read)
                c(USER, "is not an image reference", "inspect", "nonsense:x"),
                c(USER, "--ca-cert " + missing, "inspect", "docker://127.0.0.1:1/a:1", "--ca-cert", missing),
                c(USER, "is not an image reference", "diff", "nonsense:x", "oci:" + directory),
                c(USER, "--creds", "diff", "oci:" + directory, "oci:" + directory, "--creds", "nocolon"),
                // popularity
                c(USER, "--jobs 0 is out of range", "popularity", "-o", out, "--binary-cache", "http://127.0.0.1:1",
                        "--paths", notJson, "--jobs", "0"),
                c(USER, "--jobs " + HUGE + " is out of range; give 1 to 256 requests in flight", "popularity", "-o",
                        out, "--binary-cache", "http://127.0.0.1:1", "--paths", notJson, "--jobs", HUGE),
                c(USER, "go together", "popularity", "-o", out, "--binary-cache", "http://127.0.0.1:1"),
                c(USER, "the path list " + missing + " does not exist", "popularity", "-o", out, "--binary-cache",
                        "http://127.0.0.1:1", "--paths", missing),
                // cache
                c(USER, "--max-age -1 is negative", "cache", "gc", "--max-age", "-1"),
                c(USAGE, "'old' is not an int", "cache", "gc", "--max-age", "old"),
                c(USER, "--max-age 36501 is out of range; give 0 to 36500 days", "cache", "gc", "--max-age", "36501"),
                c(USER, "--max-age " + HUGE + " is out of range; give 0 to 36500 days", "cache", "gc", "--max-age",
                        HUGE),
                c(USER, "--max-age -" + HUGE + " is negative; give 0 to 36500 days", "cache", "gc", "--max-age",
                        "-" + HUGE)));
        return all.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("options")
    void aHostileValueIsOneSentenceAndAUserOrUsageError(String line, int exit, String mentions, String[] args) {
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        int code = StrataCli.forArgs(new PrintWriter(o, true), new PrintWriter(e, true), args).execute(args);
        String err = e.toString().strip();
        String last = err.lines().reduce((a, b) -> b).orElse("");
        assertEquals(exit, code, line + "\n" + err);
        assertTrue(last.startsWith("strata: ") && last.contains(mentions), line + ": " + last);
        assertFalse(err.contains("internal error"), err);
        assertFalse(err.contains("Building") || err.contains("Resolving"), "refused before any work: " + err);
        assertEquals("", o.toString(), "nothing on stdout");
    }

    /**
     * Every option that takes a value, of every command, has a row (an option shared by several
     * commands, such as {@code --source}, in at least one of them): an option added later needs its rows.
     */
    @Test
    void everyOptionWithAValueHasRows() {
        Set<String> named = new TreeSet<>();
        options().forEach(a -> named.addAll(Arrays.asList((String[]) a.get()[3])));
        Set<String> missing = new TreeSet<>();
        walk(StrataCli.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter())), "",
                (command, option) -> {
                    if (option.arity().max() > 0 && Arrays.stream(option.names()).noneMatch(named::contains)) {
                        missing.add(command + " " + option.longestName());
                    }
                });
        assertEquals(Set.of(), missing, "options without a row");
    }

    /**
     * Every whole-number option of every command has its range in {@link OptionRanges}, and every
     * range there belongs to an option: a number too big for an int is then said as out of range.
     */
    @Test
    void everyNumericOptionHasItsRange() {
        Set<String> numeric = new TreeSet<>();
        walk(StrataCli.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter())), "",
                (command, option) -> {
                    if (OptionRanges.numeric(option)) {
                        numeric.add(option.longestName());
                    }
                });
        assertTrue(numeric.contains("--max-layers") && numeric.contains("--jobs"), numeric.toString());
        assertEquals(new TreeSet<>(OptionRanges.BY_OPTION.keySet()), numeric);
    }

    /** Twenty digits get the very sentence a small out-of-range value gets, with the number as typed. */
    @Test
    void aNumberTooBigForAnIntIsRefusedAsASmallerOneIs() {
        String[][] pairs = {
                {"100001", "serve", "--listen", "127.0.0.1:0", "--queue", "V"},
                {"0", "plan", "--closure", closure, "--max-layers", "V"},
                {"-1", "cache", "gc", "--max-age", "V"},
                {"0", "load", "hello", "--timeout", "V"}};
        for (String[] p : pairs) {
            String small = p[0];
            String huge = small.startsWith("-") ? "-" + HUGE : HUGE;
            String[] args = Arrays.copyOfRange(p, 1, p.length);
            String said = refusal(small, args);
            assertTrue(said.startsWith("1 strata: ") && said.contains(" " + small + " is "), said);
            assertEquals(said.replace(" " + small + " is ", " " + huge + " is "), refusal(huge, args),
                    String.join(" ", args));
        }
    }

    /** The last line on stderr and the exit code of the command with V replaced by {@code value}. */
    private static String refusal(String value, String... template) {
        String[] args = Arrays.stream(template).map(a -> a.equals("V") ? value : a).toArray(String[]::new);
        StringWriter e = new StringWriter();
        int code = StrataCli.forArgs(new PrintWriter(new StringWriter(), true), new PrintWriter(e, true), args)
                .execute(args);
        return code + " " + e.toString().strip().lines().reduce((x, y) -> y).orElse("");
    }

    /** Every (command, option) pair of picocli's model, sub-commands included. */
    static void walk(CommandLine cl, String path, BiConsumer<String, OptionSpec> visit) {
        cl.getCommandSpec().options().forEach(o -> visit.accept(path, o));
        cl.getSubcommands().forEach((name, sub) -> {
            if (!name.equals("help")) {
                walk(sub, (path + " " + name).strip(), visit);
            }
        });
    }

    /** The table names every command; a command added later needs its rows. */
    @Test
    void everyCommandHasRows() {
        List<String> covered = options().map(a -> ((String[]) a.get()[3])[0]).distinct().sorted().toList();
        List<String> commands = new ArrayList<>(StrataCli.SUBCOMMANDS.keySet());
        commands.remove("help");
        assertEquals(commands.stream().sorted().toList(), covered, Arrays.toString(commands.toArray()));
    }
}
