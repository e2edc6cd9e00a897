package dev.strata.arch;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every rule of ArchitectureTest, run on the miniature Strata of {@code dev.strata.arch.sample}
 * (test-only classes that break each rule once), reports the break: no rule passes by checking
 * nothing, and a package the table does not name, or a layer left empty by a rename, fails.
 */
class ArchitectureRulesCanFailTest {
    static final String SAMPLE = "dev.strata.arch.sample";
    static JavaClasses sample;

    @BeforeAll
    static void importTheSample() {
        sample = new ClassFileImporter().importPackages(SAMPLE);
    }

    @Test
    void aForbiddenDependencyAStrayPackageAndAnEmptyLayerFailTheLayers() {
        String report = failures(ArchitectureTest.layers(SAMPLE, ArchitectureTest.table()));
        assertTrue(report.contains("Field <" + SAMPLE + ".closure.Graph.plan> has type <" + SAMPLE + ".layering.Plan>"),
                report);
        assertTrue(report.contains("Field <" + SAMPLE + ".source.Spec.runner> has type <" + SAMPLE + ".nix.Runner>"),
                report);
        assertTrue(report.contains(SAMPLE + ".extras.Stray"), "a class outside every layer: " + report);
        assertTrue(report.contains("Layer 'kernel' is empty"), report);
    }

    @Test
    void aFaceThatWritesAnImageItselfFails() {
        String report = failures(ArchitectureTest.facesUseOnlyValues(SAMPLE, ArchitectureTest.table()));
        assertTrue(report.contains("Method <" + SAMPLE + ".serve.Handler.handle()> calls constructor <" + SAMPLE
                + ".output.Writer.<init>()>"), report);
    }

    @Test
    void javaFxOutsideTheGuiFails() {
        String report = failures(ArchitectureTest.onlyTheGuiTouchesJavaFx(SAMPLE));
        assertTrue(report.contains(SAMPLE + ".compose.Facade.status> has type <javafx.beans.property.SimpleStringProperty>"),
                report);
    }

    @Test
    void aViewModelHoldingAControlFails() {
        String report = failures(ArchitectureTest.viewModelsStayOutOfTheSceneGraph(SAMPLE));
        assertTrue(report.contains(SAMPLE + ".gui.ScreenViewModel.status> has type <javafx.scene.control.Label>"), report);
    }

    @Test
    void aCycleFails() {
        String layers = failures(ArchitectureTest.noCyclesBetweenLayers(SAMPLE));
        assertTrue(layers.replaceAll("\\s+", " ").contains("Cycle detected: Slice nix -> Slice source -> Slice nix"), layers);
        assertTrue(failures(ArchitectureTest.noCyclesBetweenPackages(SAMPLE)).contains("Cycle detected"));
    }

    private static String failures(ArchRule rule) {
        EvaluationResult result = rule.evaluate(sample);
        assertTrue(result.hasViolation(), rule.getDescription());
        return String.join("\n", result.getFailureReport().getDetails());
    }
}
