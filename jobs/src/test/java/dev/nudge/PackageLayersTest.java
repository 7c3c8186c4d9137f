package dev.nudge;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The packages of the job stack one way, each using only those below it (and the domain of the
 * patterns module, below them all):
 *
 * <ol>
 *   <li>{@code sequence}, the SEQUENCE patterns on Flink CEP, and {@code generate}, the synthetic
 *       shoppers: each stands on the domain alone;
 *   <li>{@code control}, the control operator, which compiles SEQUENCE patterns to judge them;
 *   <li>{@code job}, the topology, its settings and its {@code Outputs}, which wires the control
 *       operator and the SEQUENCE operators in and knows no transport;
 *   <li>{@code connect}, the Kafka and file connectors that plug the job's source and outputs in;
 *   <li>{@code backtest} and {@code demo}, which run the job over files and over a local broker;
 *   <li>{@code cli}, the command line over all of them.
 * </ol>
 */
class PackageLayersTest {
    private static final Path SOURCES = Path.of("src", "main", "java", "dev", "nudge");

    private static final List<Set<String>> LAYERS =
            List.of(
                    Set.of("sequence", "generate"),
                    Set.of("control"),
                    Set.of("job"),
                    Set.of("connect"),
                    Set.of("backtest", "demo"),
                    Set.of("cli"));

    private static final Pattern REFERENCE = Pattern.compile("\\bdev\\.nudge\\.([a-z]+)\\.[A-Z]");

    @Test
    void everyPackageOfTheJobHasItsLayer() throws IOException {
        Set<String> layered = new TreeSet<>();
        LAYERS.forEach(layered::addAll);

        assertThat(uses().keySet()).containsExactlyInAnyOrderElementsOf(layered);
    }

    @Test
    void aPackageUsesOnlyThePackagesBelowIt() throws IOException {
        List<String> upwards = new ArrayList<>();
        uses().forEach(
                        (user, used) -> {
                            for (String target : used) {
                                if (!target.equals(user)
                                        && layer(target) >= 0
                                        && layer(target) >= layer(user)) {
                                    upwards.add(user + " -> " + target);
                                }
                            }
                        });

        assertThat(upwards).as("uses of a package in the same or a higher layer").isEmpty();
    }

    private static int layer(String jobPackage) {
        for (int i = 0; i < LAYERS.size(); i++) {
            if (LAYERS.get(i).contains(jobPackage)) {
                return i;
            }
        }
        return -1;
    }

    /** The packages of this module, each with the {@code dev.nudge} packages its sources name. */
    private static Map<String, Set<String>> uses() throws IOException {
        Map<String, Set<String>> uses = new TreeMap<>();
        try (Stream<Path> packages = Files.list(SOURCES)) {
            for (Path dir : packages.filter(Files::isDirectory).toList()) {
                Set<String> used = new TreeSet<>();
                try (Stream<Path> files = Files.walk(dir)) {
                    for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                        Matcher m = REFERENCE.matcher(Files.readString(file));
                        while (m.find()) {
                            used.add(m.group(1));
                        }
                    }
                }
                uses.put(dir.getFileName().toString(), used);
            }
        }
        return uses;
    }
}
