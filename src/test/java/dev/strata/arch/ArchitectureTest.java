package dev.strata.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dependency rule of DESIGN.md: gui, cli and serve go through compose to the pipeline;
 * closure depends on nothing of ours; layering only on closure; only gui touches JavaFX.
 */
class ArchitectureTest {
    static final String BASE = "dev.strata";
    static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(BASE);
    }

    @Test
    void closureDependsOnNothingOfOurs() {
        noClasses().that().resideInAPackage(BASE + ".closure..")
                .should().dependOnClassesThat(ourClassesExcept(BASE + ".closure"))
                .allowEmptyShould(true).check(classes);
    }

    @Test
    void layeringDependsOnlyOnClosure() {
        noClasses().that().resideInAPackage(BASE + ".layering..")
                .should().dependOnClassesThat(ourClassesExcept(BASE + ".layering", BASE + ".closure"))
                .allowEmptyShould(true).check(classes);
    }

    @Test
    void onlyTheGuiTouchesJavaFx() {
        noClasses().that().resideOutsideOfPackage(BASE + ".gui..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx..", "org.controlsfx..", "atlantafx..",
                        "org.kordamp.ikonli..")
                .allowEmptyShould(true).check(classes);
    }

    @Test
    void thePipelineKnowsNothingOfItsFaces() {
        noClasses().that().resideInAnyPackage(BASE + ".source..", BASE + ".nix..", BASE + ".closure..",
                        BASE + ".layering..", BASE + ".image..", BASE + ".output..", BASE + ".input..",
                        BASE + ".compose..")
                .should().dependOnClassesThat().resideInAnyPackage(BASE + ".cli..", BASE + ".gui..", BASE + ".serve..")
                .allowEmptyShould(true).check(classes);
    }

    /** The image reader stands on the image and output packages; the pipeline's later steps use it, not the reverse. */
    @Test
    void theImageReaderDependsOnlyOnImageAndOutput() {
        noClasses().that().resideInAPackage(BASE + ".input..")
                .should().dependOnClassesThat(ourClassesExcept(BASE + ".input", BASE + ".image", BASE + ".output",
                        BASE + ".closure"))
                .check(classes);
        noClasses().that().resideInAnyPackage(BASE + ".image..", BASE + ".output..")
                .should().dependOnClassesThat().resideInAPackage(BASE + ".input..")
                .check(classes);
    }

    /** The CLI starts the server ({@code strata serve}); otherwise faces stay apart. */
    @Test
    void facesDoNotDependOnEachOther() {
        noClasses().that().resideInAnyPackage(BASE + ".gui..", BASE + ".serve..")
                .should().dependOnClassesThat().resideInAnyPackage(BASE + ".cli..")
                .allowEmptyShould(true).check(classes);
        noClasses().that().resideInAPackage(BASE + ".serve..")
                .should().dependOnClassesThat().resideInAnyPackage(BASE + ".gui..")
                .allowEmptyShould(true).check(classes);
    }

    /**
     * Faces may hold the pipeline's values (records, enums, interfaces, exceptions) and the pure
     * closure and layering models, but they run the pipeline only through compose.
     */
    @Test
    void facesRunThePipelineOnlyThroughCompose() {
        classes().that().resideInAnyPackage(BASE + ".cli..", BASE + ".gui..", BASE + ".serve..")
                .should(new ArchCondition<JavaClass>("use only values of source, nix, image, output and input") {
                    @Override
                    public void check(JavaClass item, ConditionEvents events) {
                        for (Dependency d : item.getDirectDependenciesFromSelf()) {
                            JavaClass target = d.getTargetClass();
                            String pkg = target.getPackageName();
                            boolean operational = pkg.startsWith(BASE + ".source") || pkg.startsWith(BASE + ".nix")
                                    || pkg.startsWith(BASE + ".image") || pkg.startsWith(BASE + ".output")
                                    || pkg.startsWith(BASE + ".input");
                            if (operational && !isValue(target)) {
                                events.add(SimpleConditionEvent.violated(d, d.getDescription()));
                            }
                        }
                    }
                })
                .allowEmptyShould(true).check(classes);
    }

    static boolean isValue(JavaClass c) {
        JavaClass top = c;
        while (top.getEnclosingClass().isPresent()) {
            top = top.getEnclosingClass().get();
        }
        return c.isRecord() || c.isEnum() || c.isInterface() || c.isAssignableTo(Throwable.class)
                || top.isInterface() || top.isRecord();
    }

    static com.tngtech.archunit.base.DescribedPredicate<JavaClass> ourClassesExcept(String... allowed) {
        return new com.tngtech.archunit.base.DescribedPredicate<>("Strata classes outside " + String.join(", ", allowed)) {
            @Override
            public boolean test(JavaClass c) {
                String pkg = c.getPackageName();
                if (!pkg.startsWith(BASE)) {
                    return false;
                }
                if (c.getName().equals(BASE + ".StrataException") || c.getName().startsWith(BASE + ".AtomicFile")) {
                    return false; // errors for people, and the one way to write a file
                }
                for (String a : allowed) {
                    if (pkg.equals(a) || pkg.startsWith(a + ".")) {
                        return false;
                    }
                }
                return true;
            }
        };
    }
}
