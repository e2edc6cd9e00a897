package dev.strata.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.library.Architectures.LayeredArchitecture;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dependency rules of docs/ARCHITECTURE.md on Strata's classes. The layers, the classes of the
 * two layers that share the root package, what each layer may depend on and which layers a face
 * may use only through values are read from the table there, so the document and the rules say
 * the same thing. ArchitectureRulesCanFailTest shows every rule failing on test-only classes that
 * break it. Exemptions, each named where it is made: the {@code launcher} row (it starts a face
 * and trains class sharing on every command), {@code cli} on {@code serve} ({@code strata serve}),
 * and the value kinds of {@link #isValue}.
 */
class ArchitectureTest {
    static final String BASE = "dev.strata";
    static final Path TABLE = Path.of("docs/ARCHITECTURE.md");
    static final List<String> JAVAFX = List.of("javafx..", "org.controlsfx..", "atlantafx..", "org.kordamp.ikonli..");

    static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(BASE);
    }

    @Test
    void everyLayerDependsOnlyOnTheLayersItsRowNames() {
        layers(BASE, table()).check(classes);
    }

    @Test
    void facesRunThePipelineOnlyThroughCompose() {
        facesUseOnlyValues(BASE, table()).check(classes);
    }

    @Test
    void onlyTheGuiTouchesJavaFx() {
        onlyTheGuiTouchesJavaFx(BASE).check(classes);
    }

    @Test
    void viewModelsStayOutOfTheSceneGraph() {
        viewModelsStayOutOfTheSceneGraph(BASE).check(classes);
    }

    @Test
    void noPackageDependsOnItselfThroughOthers() {
        noCyclesBetweenLayers(BASE).check(classes);
        noCyclesBetweenPackages(BASE).check(classes);
    }

    @Test
    void theTableNamesTheLayersOfTheCode() {
        List<String> names = table().stream().map(Row::layer).toList();
        assertEquals(List.of("kernel", "closure", "layering", "sbom", "inspect", "source", "nix", "image", "output",
                "input", "compose", "cli", "gui",
                "serve", "launcher"), names, "a layer added to the table needs a look at this list too");
    }

    // ---- the table ----

    /**
     * A row of the table: the layer, the classes it holds when it lives in the root package, the
     * layers it may depend on (null: every layer), and those of them it may use only through values.
     */
    record Row(String layer, Set<String> rootClasses, Set<String> mayDependOn, Set<String> valuesOnly) { }

    private static final Pattern CODE = Pattern.compile("`([^`]+)`");

    static List<Row> table() {
        return table(TABLE);
    }

    static List<Row> table(Path markdown) {
        List<String> lines;
        try {
            lines = Files.readAllLines(markdown);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Row> rows = new ArrayList<>();
        boolean inTable = false;
        for (String line : lines) {
            if (line.startsWith("| layer | what it holds | may depend on |")) {
                inTable = true;
                continue;
            }
            if (!inTable || line.startsWith("|---")) {
                continue;
            }
            if (!line.startsWith("|")) {
                break;
            }
            String[] cells = line.split("\\|");
            String layer = code(cells[1]).get(0);
            Set<String> rootClasses = new LinkedHashSet<>();
            if (cells[2].strip().startsWith("in `" + "dev.strata`")) {
                code(cells[2]).stream().filter(c -> !c.contains(".")).forEach(rootClasses::add);
            }
            String may = cells[3];
            int values = may.indexOf("values of");
            Set<String> valuesOnly = new LinkedHashSet<>(values < 0 ? List.of()
                    : code(may.substring(values, may.indexOf(';', values) < 0 ? may.length() : may.indexOf(';', values))));
            rows.add(new Row(layer, rootClasses, may.contains("every layer") ? null : new LinkedHashSet<>(code(may)),
                    valuesOnly));
        }
        Set<String> names = new LinkedHashSet<>(rows.stream().map(Row::layer).toList());
        // Names in backticks that are not layers (`strata serve`) are prose.
        return rows.stream().map(r -> r.mayDependOn() == null ? r : new Row(r.layer(), r.rootClasses(),
                new LinkedHashSet<>(r.mayDependOn().stream().filter(names::contains).toList()), r.valuesOnly())).toList();
    }

    private static List<String> code(String cell) {
        List<String> out = new ArrayList<>();
        Matcher m = CODE.matcher(cell);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    // ---- the rules, for the classes under a base package ----

    static ArchRule layers(String base, List<Row> table) {
        LayeredArchitecture arch = layeredArchitecture().consideringOnlyDependenciesInLayers()
                .ensureAllClassesAreContainedInArchitecture();
        for (Row r : table) {
            arch = arch.layer(r.layer()).definedBy(inLayer(base, r));
        }
        for (Row r : table) {
            if (r.mayDependOn() == null) {
                continue; // the launcher: every layer
            }
            arch = r.mayDependOn().isEmpty() ? arch.whereLayer(r.layer()).mayNotAccessAnyLayer()
                    : arch.whereLayer(r.layer()).mayOnlyAccessLayers(r.mayDependOn().toArray(String[]::new));
        }
        return arch.because("docs/ARCHITECTURE.md's table says what each layer may depend on: the pipeline knows "
                + "nothing of its faces, and the lower a package, the less it knows");
    }

    /** The classes of a row: its package, or the named classes of the root package. */
    static DescribedPredicate<JavaClass> inLayer(String base, Row row) {
        return new DescribedPredicate<>(row.rootClasses().isEmpty() ? base + "." + row.layer() + ".."
                : base + "." + row.rootClasses()) {
            @Override
            public boolean test(JavaClass c) {
                if (!row.rootClasses().isEmpty()) {
                    return c.getPackageName().equals(base) && row.rootClasses().contains(topLevel(c).getSimpleName());
                }
                String pkg = base + "." + row.layer();
                return c.getPackageName().equals(pkg) || c.getPackageName().startsWith(pkg + ".");
            }
        };
    }

    static ArchRule facesUseOnlyValues(String base, List<Row> table) {
        List<Row> faces = table.stream().filter(r -> !r.valuesOnly().isEmpty()).toList();
        return classes().that(new DescribedPredicate<>("are in " + faces.stream().map(Row::layer).toList()) {
                    @Override
                    public boolean test(JavaClass c) {
                        return faces.stream().anyMatch(r -> inLayer(base, r).test(c));
                    }
                })
                .should(new ArchCondition<JavaClass>("use only values of the layers their row names so") {
                    @Override
                    public void check(JavaClass item, ConditionEvents events) {
                        Row face = faces.stream().filter(r -> inLayer(base, r).test(item)).findFirst().orElseThrow();
                        for (Dependency d : item.getDirectDependenciesFromSelf()) {
                            JavaClass target = d.getTargetClass();
                            boolean operational = face.valuesOnly().stream().anyMatch(l -> table.stream()
                                    .filter(r -> r.layer().equals(l)).anyMatch(r -> inLayer(base, r).test(target)));
                            if (operational && !isValue(target)) {
                                events.add(SimpleConditionEvent.violated(d, d.getDescription()));
                            }
                        }
                    }
                })
                .because("a face runs the pipeline through compose, so the GUI, the CLI and the server build the same "
                        + "image the same way; it may hold the pipeline's values");
    }

    /** What a face may hold of an operational layer: records, enums, interfaces, exceptions, and what they nest. */
    static boolean isValue(JavaClass c) {
        JavaClass top = topLevel(c);
        return c.isRecord() || c.isEnum() || c.isInterface() || c.isAssignableTo(Throwable.class)
                || top.isInterface() || top.isRecord();
    }

    static JavaClass topLevel(JavaClass c) {
        JavaClass top = c;
        while (top.getEnclosingClass().isPresent()) {
            top = top.getEnclosingClass().get();
        }
        return top;
    }

    static ArchRule onlyTheGuiTouchesJavaFx(String base) {
        return noClasses().that().resideOutsideOfPackage(base + ".gui..")
                .should().dependOnClassesThat().resideInAnyPackage(JAVAFX.toArray(String[]::new))
                .because("the CLI and the server run without a display, and the pipeline is shared by all faces");
    }

    static ArchRule viewModelsStayOutOfTheSceneGraph(String base) {
        return noClasses().that(new DescribedPredicate<>("are view models (*ViewModel, and what they nest)") {
                    @Override
                    public boolean test(JavaClass c) {
                        return c.getPackageName().startsWith(base + ".") && topLevel(c).getSimpleName().endsWith("ViewModel");
                    }
                })
                .should().dependOnClassesThat().resideInAPackage("javafx.scene..")
                .because("a view model holds properties and talks to compose; its tests run without a window, and "
                        + "only the view builds and binds controls");
    }

    static ArchRule noCyclesBetweenLayers(String base) {
        return slices().matching(base + ".(*)..").should().beFreeOfCycles()
                .because("a cycle makes two layers one: neither can be understood, tested or changed alone");
    }

    static ArchRule noCyclesBetweenPackages(String base) {
        return slices().matching(base + ".(**)").should().beFreeOfCycles()
                .because("a cycle between two packages of one layer is a hidden layer of its own");
    }
}
