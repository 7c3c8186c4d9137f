package dev.nudge.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The packages of one module's sources and what each says, in its {@code package-info.java}, it may
 * import ("May import: {@code a}, {@code b}."): the checks that the sources keep to it and that the
 * declared layers stack one way.
 */
public final class PackageLayers {
    private static final Pattern MAY_IMPORT =
            Pattern.compile("May import:(.*?)\\.(\\s|$)", Pattern.DOTALL);
    private static final Pattern CODE = Pattern.compile("\\{@code[\\s*]+([a-z]+)}");
    private static final Pattern REFERENCE = Pattern.compile("\\bdev\\.nudge\\.([a-z]+)\\b");

    /** Per package, the packages it declares it may import; insertion order as found. */
    private final Map<String, Set<String>> declared = new LinkedHashMap<>();

    /** Per package, the other Nudge packages its sources refer to, with one file for each. */
    private final Map<String, Map<String, String>> used = new LinkedHashMap<>();

    private PackageLayers() {}

    /** Reads the packages under {@code sources} (a module's {@code src/main/java}). */
    public static PackageLayers of(Path sources) {
        PackageLayers layers = new PackageLayers();
        Path root = sources.resolve("dev/nudge");
        try (Stream<Path> packages = Files.list(root)) {
            for (Path dir : packages.filter(Files::isDirectory).sorted().toList()) {
                layers.read(dir.getFileName().toString(), dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return layers;
    }

    private void read(String name, Path dir) throws IOException {
        Path info = dir.resolve("package-info.java");
        Set<String> allowed = new TreeSet<>();
        if (Files.exists(info)) {
            Matcher may = MAY_IMPORT.matcher(Files.readString(info));
            if (may.find()) {
                Matcher code = CODE.matcher(may.group(1));
                while (code.find()) {
                    allowed.add(code.group(1));
                }
            }
        }
        declared.put(name, Files.exists(info) ? allowed : null);
        Map<String, String> refs = new LinkedHashMap<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                for (String line : Files.readAllLines(file)) {
                    if (line.startsWith("package ") || line.trim().startsWith("*")) {
                        continue;
                    }
                    Matcher ref = REFERENCE.matcher(line);
                    while (ref.find()) {
                        if (!ref.group(1).equals(name)) {
                            refs.putIfAbsent(ref.group(1), dir.relativize(file).toString());
                        }
                    }
                }
            }
        }
        used.put(name, refs);
    }

    public Set<String> packages() {
        return declared.keySet();
    }

    /** Every package says what it is for and what it may import. */
    public void assertEachPackageDeclaresItsImports() {
        List<String> undeclared = new ArrayList<>();
        declared.forEach(
                (name, allowed) -> {
                    if (allowed == null) {
                        undeclared.add(name);
                    }
                });
        assertThat(undeclared)
                .as("packages without a package-info.java saying 'May import:'")
                .isEmpty();
    }

    /**
     * No source refers to a package its package does not declare, whether by an import or by a
     * qualified name; {@code lower} are the packages of modules below, which declare their own.
     */
    public void assertSourcesKeepToTheirDeclarations(Set<String> lower) {
        List<String> violations = new ArrayList<>();
        used.forEach(
                (name, refs) ->
                        refs.forEach(
                                (target, file) -> {
                                    Set<String> allowed = declared.getOrDefault(name, Set.of());
                                    if (allowed != null && !allowed.contains(target)) {
                                        violations.add(name + "/" + file + " uses " + target);
                                    }
                                }));
        assertThat(violations).as("references against the declared layers").isEmpty();
        for (Set<String> allowed : declared.values()) {
            if (allowed != null) {
                for (String target : allowed) {
                    assertThat(declared.containsKey(target) || lower.contains(target))
                            .as("declared import %s is a package", target)
                            .isTrue();
                }
            }
        }
    }

    /** The declared imports have no cycle: the packages stack one way. */
    public void assertLayersStackOneWay() {
        Map<String, Integer> state = new LinkedHashMap<>();
        for (String name : declared.keySet()) {
            List<String> path = new ArrayList<>();
            assertThat(cycleFrom(name, state, path)).as("a cycle: %s", path).isFalse();
        }
    }

    private boolean cycleFrom(String name, Map<String, Integer> state, List<String> path) {
        Integer seen = state.get(name);
        if (seen != null) {
            if (seen == 1) {
                path.add(name);
                return true;
            }
            return false;
        }
        state.put(name, 1);
        path.add(name);
        Set<String> allowed = declared.get(name);
        for (String target : allowed == null ? Set.<String>of() : allowed) {
            if (declared.containsKey(target) && cycleFrom(target, state, path)) {
                return true;
            }
        }
        path.remove(path.size() - 1);
        state.put(name, 2);
        return false;
    }
}
