package dev.nudge;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The packages of the domain stack one way: each may use those below it, never one above. The
 * configuration sits low, so that reading and checking a document needs no detector or profile.
 */
class LayersTest {
    /** Bottom first. */
    private static final List<String> LAYERS =
            List.of("event", "state", "config", "profile", "pattern", "policy", "wire", "journey");

    /** Uses of a higher layer that are on their way out, each with where it is going. */
    private static final Set<String> MOVING =
            Set.of(
                    // wire.Times moves into event
                    "dev.nudge.wire.Times");

    private static final Path SOURCES = Path.of("src/main/java/dev/nudge");
    private static final Pattern IMPORT =
            Pattern.compile(
                    "^import (?:static )?(dev\\.nudge\\.([a-z]+)\\.[A-Z]\\w*)", Pattern.MULTILINE);

    @Test
    void everyPackageOfTheDomainIsALayer() throws IOException {
        try (Stream<Path> packages = Files.list(SOURCES)) {
            assertThat(packages.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrderElementsOf(LAYERS);
        }
    }

    @Test
    void aPackageUsesOnlyThePackagesBelowIt() throws IOException {
        assertThat(upwardImports()).isEmpty();
    }

    @Test
    void theConfigurationUsesNothingButEventsAndState() throws IOException {
        assertThat(imports("config"))
                .allSatisfy(use -> assertThat(use.target()).isIn("event", "state", "config"));
    }

    private static List<Use> upwardImports() throws IOException {
        List<Use> upward = new ArrayList<>();
        for (String layer : LAYERS) {
            for (Use use : imports(layer)) {
                if (LAYERS.indexOf(use.target()) > LAYERS.indexOf(layer)
                        && !MOVING.contains(use.type())) {
                    upward.add(use);
                }
            }
        }
        return upward;
    }

    private static List<Use> imports(String layer) throws IOException {
        List<Use> uses = new ArrayList<>();
        try (Stream<Path> files = Files.list(SOURCES.resolve(layer))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                Matcher matcher = IMPORT.matcher(Files.readString(file));
                while (matcher.find()) {
                    uses.add(
                            new Use(
                                    layer + "/" + file.getFileName(),
                                    matcher.group(1),
                                    matcher.group(2)));
                }
            }
        }
        return uses;
    }

    /** One import: in which file, of which type, from which package. */
    private record Use(String file, String type, String target) {}
}
