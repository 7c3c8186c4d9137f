package dev.nudge;

import dev.nudge.testing.PackageLayers;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Tests that the job module's packages stack one way on the domain, as each {@code
 * package-info.java} says: sequence and generate, validate, control, job, connect, backtest and
 * demo, cli.
 */
class PackageLayersTest {
    private final PackageLayers layers = PackageLayers.of(Path.of("src/main/java"));
    private final PackageLayers domain = PackageLayers.of(Path.of("../patterns/src/main/java"));

    @Test
    void everyPackageSaysWhatItMayImport() {
        layers.assertEachPackageDeclaresItsImports();
    }

    @Test
    void noSourceImportsWhatItsPackageDoesNotDeclare() {
        layers.assertSourcesKeepToTheirDeclarations(domain.packages());
    }

    @Test
    void thePackagesStackOneWay() {
        layers.assertLayersStackOneWay();
    }
}
