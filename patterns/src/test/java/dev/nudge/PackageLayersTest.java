package dev.nudge;

import dev.nudge.testing.PackageLayers;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Tests that the domain module's packages stack one way, as each {@code package-info.java} says:
 * event, state, config, profile, pattern, policy, wire, journey, each importing only from below.
 */
class PackageLayersTest {
    private final PackageLayers layers = PackageLayers.of(Path.of("src/main/java"));

    @Test
    void everyPackageSaysWhatItMayImport() {
        layers.assertEachPackageDeclaresItsImports();
    }

    @Test
    void noSourceImportsWhatItsPackageDoesNotDeclare() {
        layers.assertSourcesKeepToTheirDeclarations(Set.of());
    }

    @Test
    void thePackagesStackOneWay() {
        layers.assertLayersStackOneWay();
    }
}
