package studio.mobilei2v.studio;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Dependencies point one way (studio -> device-bridge -> inference); the inference module must run on a phone. */
class ArchitectureTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            // the inference test-jar (shared test helpers) is on this module's test class path too
            .withImportOption(location -> !location.contains("-tests.jar") && !location.contains("/test-classes/"))
            .importPackages("studio.mobilei2v.inference", "studio.mobilei2v.bridge", "studio.mobilei2v.export",
                    "studio.mobilei2v.studio", "studio.mobilei2v.cli");

    @Test
    void inferenceUsesNoJavaFxNoDdmlibNoJavaCv() {
        assertFalse(CLASSES.that(com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage("studio.mobilei2v.inference..")).isEmpty(),
                "inference classes were found on the class path");
        noClasses().that().resideInAPackage("studio.mobilei2v.inference..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx..", "com.android..", "org.bytedeco..",
                        "studio.mobilei2v.bridge..", "studio.mobilei2v.studio..", "studio.mobilei2v.export..", "studio.mobilei2v.cli..")
                .check(CLASSES);
    }

    @Test
    void exportHasNoJavaFx() {
        // the exporter is shared by the CLI (no JavaFX at all) and the studio
        assertFalse(CLASSES.that(com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage("studio.mobilei2v.export..")).isEmpty());
        noClasses().that().resideInAPackage("studio.mobilei2v.export..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx..", "studio.mobilei2v.studio..")
                .check(CLASSES);
    }

    @Test
    void viewsNeverReachTheBridgeOrThePipelinesInsides() {
        // a view draws its model; devices and ONNX Runtime are the controllers' and the engine's business
        assertFalse(CLASSES.that(com.tngtech.archunit.core.domain.JavaClass.Predicates.simpleNameEndingWith("View")).isEmpty(),
                "the studio's views were found on the class path");
        noClasses().that().resideInAPackage("studio.mobilei2v.studio..").and().haveSimpleNameEndingWith("View")
                .should().dependOnClassesThat(com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage(
                                "studio.mobilei2v.bridge..", "ai.onnxruntime..", "studio.mobilei2v.inference.local..",
                                "studio.mobilei2v.inference.runner..", "studio.mobilei2v.studio.run..")
                        .or(com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf(
                                studio.mobilei2v.studio.engine.GeneratorCache.class,
                                studio.mobilei2v.studio.engine.StudioGenerators.class,
                                studio.mobilei2v.studio.engine.GenerationWorkflow.class)))
                .check(CLASSES);
    }

    @Test
    void theCommandLineNeedsNoJavaFxButToStartTheStudio() {
        noClasses().that().resideInAPackage("studio.mobilei2v.cli..").and().doNotHaveSimpleName("GuiLauncher")
                .and().doNotHaveSimpleName("StudioCommand")
                .should().dependOnClassesThat().resideInAPackage("javafx..")
                .check(CLASSES);
    }

    @Test
    void deviceBridgeUsesNoJavaFxAndNothingOfTheStudio() {
        assertFalse(CLASSES.that(com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage("studio.mobilei2v.bridge..")).isEmpty(),
                "device-bridge classes were found on the class path");
        noClasses().that().resideInAPackage("studio.mobilei2v.bridge..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx..", "org.bytedeco..",
                        "studio.mobilei2v.studio..", "studio.mobilei2v.export..", "studio.mobilei2v.cli..")
                .check(CLASSES);
    }

    @Test
    void theStudiosFeaturePackagesHaveNoCycles() {
        // shared state and services live in studio.shared; app wires the features and nothing depends on it
        slices().matching("studio.mobilei2v.studio.(*)..").should().beFreeOfCycles().check(CLASSES);
    }

    @Test
    void theModulesTopPackagesHaveNoCycles() {
        slices().matching("studio.mobilei2v.(*)..").should().beFreeOfCycles().check(CLASSES);
        slices().matching("studio.mobilei2v.inference.(*)..").should().beFreeOfCycles().check(CLASSES);
        slices().matching("studio.mobilei2v.bridge.(*)..").should().beFreeOfCycles().check(CLASSES);
    }

    @Test
    void awtAndImageIoOnlyInImagePackages() {
        // pictures are decoded and encoded in one place per module; everything else moves pixels or JavaFX images
        noClasses().that().resideOutsideOfPackage("..image..")
                .should().dependOnClassesThat().resideInAnyPackage("java.awt..", "javax.imageio..", "javafx.embed.swing..")
                .check(CLASSES);
    }
}
