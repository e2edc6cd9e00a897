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
 * {@code --expr} against real Nix: expressions on the demo set (buildEnv, python3.withPackages),
 * on the second nixpkgs-style set and on a flake become roots like packages; syntax errors, values
 * that are not derivations and unknown names are one sentence naming the expression.
 */
class ExpressionsTest {
    @TempDir
    static Path dir;
    static Nix nix;
    static ResolvedSource demo;

    @BeforeAll
    static void setUp() {
        nix = TestNix.create(dir.resolve("cache"));
        demo = nix.resolve(new PackageSource.Demo());
    }

    static Realisation realise(ResolvedSource source, List<String> packages, String... expressions) {
        return nix.realise(source, packages, List.of(expressions), NixProgress.Listener.NONE);
    }

    static String run(String... argv) {
        return TestNix.run(null, argv).strip();
    }

    @Test
    void aBuildEnvIsOneMoreRootLabelledByItsName() {
        try (Realisation r = realise(demo, List.of("git"), "buildEnv { name = \"tools\"; paths = [ hello curl ]; }")) {
            SelectedPackage env = r.packages().get(1);
            assertTrue(env.isExpression());
            assertEquals("tools", env.label());
            assertEquals(List.of("git", "tools"), r.packages().stream().map(SelectedPackage::label).toList());
            assertTrue(env.outputs().get(0).path().endsWith("-tools"), env.outputs().toString());
            assertTrue(r.roots().containsAll(env.outputs()));
            assertEquals(TestNix.nixStoreRequisites(r.roots().stream().map(StorePath::path).toList()),
                    r.closure().paths().stream().map(StorePath::path).sorted().toList());
            assertTrue(r.closure().paths().stream().anyMatch(p -> p.name().startsWith("hello-")));
            assertTrue(r.closure().paths().stream().anyMatch(p -> p.name().startsWith("curl-")));
            assertEquals("Hello, world!", run(r.forest().path() + "/bin/hello"));
            assertTrue(Files.isSymbolicLink(Path.of(r.forest().path(), "bin", "git")));
            assertTrue(Files.isSymbolicLink(Path.of(r.forest().path(), "bin", "curl")));
        }
    }

    @Test
    void pythonWithPackagesImportsItsModulesAndTheirDependencies() {
        try (Realisation r = realise(demo, List.of(), "python3.withPackages (ps: [ ps.requests ])")) {
            assertEquals("python3-3.11.9-env", r.packages().get(0).label());
            String python = r.forest().path() + "/bin/python3";
            assertEquals("ok", run(python, "-c", "import requests, urllib3, idna, certifi; print('ok')"));
        }
    }

    @Test
    void theSecondPackageSetTakesExpressionsInItsOwnStyle() {
        ResolvedSource others = nix.resolve(new PackageSource.LocalPath(TestNix.resourceSet("nixsets/othersets")));
        String expr = """
                buildPackage {
                  pname = "greeter";
                  version = "0.1";
                  refs = [ hello ];
                  install = ''
                    script $out/bin/greet <<EOF
                #!${posixShell}/bin/sh
                exec ${hello}/bin/hello
                EOF
                  '';
                }""";
        try (Realisation r = realise(others, List.of("toolbox"), expr)) {
            assertEquals("greeter-0.1", r.packages().get(1).label());
            assertTrue(r.closure().paths().stream().anyMatch(p -> p.name().startsWith("hello-")), "refs are references");
            assertTrue(Files.isSymbolicLink(Path.of(r.forest().path(), "bin", "greet")));
        }
    }

    @Test
    void aFlakeSetIsInScopeToo() {
        Path repo = TestFlakes.repo(dir, "packages");
        ResolvedSource flake = nix.resolve(new PackageSource.Flake(repo.toString()));
        try (Realisation r = realise(flake, List.of(), "buildEnv { name = \"greetings\"; paths = [ hello greeters.shout ]; }")) {
            assertEquals("greetings", r.packages().get(0).label());
            assertEquals("HELLO FROM LEGACYPACKAGES", run(r.forest().path() + "/bin/shout"));
            assertEquals("Hello from a flake!", run(r.forest().path() + "/bin/hello"));
        }
    }

    @Test
    void aSyntaxErrorGivesNixsMessageWithItsPosition() {
        StrataException e = assertThrows(StrataException.class, () -> realise(demo, List.of("hello"), "hello", "curl)"));
        assertEquals("expression 2 (curl)) is not valid Nix: syntax error, unexpected ')', expecting end of file "
                + "at line 1, column 5; fix the expression", e.getMessage());
    }

    @Test
    void textCannotEscapeItsOwnExpression() {
        // Spliced into a list, this would add a second root; parsed alone it is a syntax error.
        StrataException e = assertThrows(StrataException.class, () -> realise(demo, List.of(), "hello ] ++ [ curl"));
        assertTrue(e.getMessage().startsWith("expression 1 (hello ] ++ [ curl) is not valid Nix: syntax error"),
                e.getMessage());
        StrataException comment = assertThrows(StrataException.class, () -> realise(demo, List.of(), "hello /*"));
        assertTrue(comment.getMessage().contains("is not valid Nix"), comment.getMessage());
    }

    @Test
    void aValueThatIsNotADerivationIsSaidWhatItIs() {
        StrataException set = assertThrows(StrataException.class, () -> realise(demo, List.of(), "{ a = hello; b = 1; }"));
        assertTrue(set.getMessage().startsWith("expression 1 ({ a = hello; b = 1; }) is an attribute set with the "
                + "attributes a, b in the embedded demo package set, not a package"), set.getMessage());
        StrataException function = assertThrows(StrataException.class, () -> realise(demo, List.of(), "buildEnv"));
        assertTrue(function.getMessage().contains("is a function (give it its arguments)"), function.getMessage());
        StrataException list = assertThrows(StrataException.class, () -> realise(demo, List.of(), "[ hello curl ]"));
        assertTrue(list.getMessage().contains("is a list of 2 elements"), list.getMessage());
    }

    @Test
    void anUnknownNameIsNixsUndefinedVariableInASentence() {
        StrataException e = assertThrows(StrataException.class,
                () -> realise(demo, List.of(), "buildEnv {\n  name = \"x\";\n  paths = [ hello helo ];\n}"));
        assertEquals("expression 1 (buildEnv { name = \"x\"; paths = [ hello helo ]; }) uses a name that is neither in "
                + "the embedded demo package set nor a Nix builtin: undefined variable 'helo' at line 3, column 19 "
                + "(did you mean hello?); find package names with: ./strata search NAME", e.getMessage());
    }

    @Test
    void anUnfreeOrBrokenDerivationIsRefusedAsItsNameWouldBe() {
        ResolvedSource checksNothing = nix.resolve(new PackageSource.LocalPath(TestNix.resourceSet("nixsets/meta-checks")));
        StrataException e = assertThrows(StrataException.class,
                () -> realise(checksNothing, List.of("free-tool"), "closed-tool", "flaky-tool"));
        assertTrue(e.getMessage().startsWith("expression 1 (closed-tool) (licence unfree) has an unfree licence")
                && e.getMessage().contains("expression 2 (flaky-tool) is marked broken"), e.getMessage());
        Nix allowing = TestNix.create(dir.resolve("cache"), Nix.Options.defaults().withAllowUnfree(true).withAllowBroken(true));
        try (Realisation r = allowing.realise(checksNothing, List.of(), List.of("closed-tool"), NixProgress.Listener.NONE)) {
            assertEquals("closed-tool", r.packages().get(0).label());
        }
    }

    @Test
    void blankAndControlCharactersAreRefusedBeforeNix() {
        StrataException blank = assertThrows(StrataException.class, () -> Expressions.check(List.of("hello", " \n")));
        assertTrue(blank.getMessage().startsWith("expression 2 is empty"), blank.getMessage());
        StrataException nul = assertThrows(StrataException.class, () -> Expressions.check(List.of("hello\u0000")));
        assertTrue(nul.getMessage().contains("control character \\u0000"), nul.getMessage());
        assertEquals(List.of("buildEnv {\n\tname = \"t\";\r\n}"), Expressions.check(List.of("buildEnv {\n\tname = \"t\";\r\n}")));
    }

    @Test
    void theExpressionIsTheWholeFileVerbatim() throws Exception {
        String text = "  buildEnv { name = \"a\"; paths = [ hello ]; } # comment\n";
        Path d = Files.createDirectories(dir.resolve("write"));
        String json = Expressions.write(d, List.of(text, "curl"));
        assertEquals("[\"" + d.resolve("expression-1.nix") + "\",\"" + d.resolve("expression-2.nix") + "\"]", json);
        assertEquals(text, Files.readString(d.resolve("expression-1.nix")));
        assertEquals("curl", Files.readString(d.resolve("expression-2.nix")));
    }
}
