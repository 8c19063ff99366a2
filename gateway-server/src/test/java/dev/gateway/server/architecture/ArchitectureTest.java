package dev.gateway.server.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
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
 * The dependency direction of the code, read from the sources' import lines: the packages of the
 * server form no cycle (docs/architecture.md lists the order), and the contract, {@code gateway-spi},
 * imports nothing but the JDK and itself, so that an application depends on it alone.
 */
class ArchitectureTest {

    private static final Path PROJECT = Path.of(System.getProperty("gateway.project.dir", ".."));
    private static final Pattern IMPORT = Pattern.compile("(?m)^import (?:static )?([\\w.]+)\\.[\\w*]+;");
    private static final String SERVER = "dev.gateway.server";

    @Test
    void theServersPackagesDependOnEachOtherOneWayOnly() {
        Map<String, Set<String>> graph = new TreeMap<>();
        for (Path source : sources("gateway-server/src/main/java")) {
            String from = packageOf(source);
            Set<String> edges = graph.computeIfAbsent(from, k -> new TreeSet<>());
            for (String imported : imports(source)) {
                String to = serverPackage(imported);
                if (to != null && !to.equals(from)) {
                    edges.add(to);
                }
            }
        }
        List<String> cycle = findCycle(graph);
        assertTrue(cycle.isEmpty(), "a package cycle: " + String.join(" -> ", cycle) + "\nthe graph: " + graph);
    }

    @Test
    void theCycleFinderFindsACycle() {
        assertEquals(List.of("a", "b", "c", "a"), findCycle(new TreeMap<>(Map.of("a", Set.of("b"), "b", Set.of("c"), "c", Set.of("a", "d")))));
        assertEquals(List.of(), findCycle(Map.of("a", Set.of("b", "c"), "b", Set.of("c"), "c", Set.of())));
    }

    @Test
    void theContractImportsOnlyTheJdkAndItself() {
        List<String> foreign = new ArrayList<>();
        for (Path source : sources("gateway-spi/src/main/java")) {
            for (String imported : imports(source)) {
                if (!imported.startsWith("java.") && !imported.startsWith("dev.gateway.spi")) {
                    foreign.add(PROJECT.relativize(source) + ": " + imported);
                }
            }
        }
        assertEquals(List.of(), foreign);
    }

    /** The package under {@code dev.gateway.server} a name belongs to ({@code http}, {@code config}; "" for the root), or null. */
    private static String serverPackage(String name) {
        if (!name.startsWith(SERVER)) {
            return null;
        }
        String rest = name.substring(SERVER.length());
        if (rest.isEmpty()) {
            return "";
        }
        String first = rest.substring(1);
        int dot = first.indexOf('.');
        String candidate = dot < 0 ? first : first.substring(0, dot);
        // An import of a root-package class (dev.gateway.server.Main) names a class, not a package.
        return Character.isUpperCase(candidate.charAt(0)) ? "" : candidate;
    }

    private static String packageOf(Path source) {
        Matcher m = Pattern.compile("(?m)^package ([\\w.]+);").matcher(read(source));
        if (!m.find()) {
            throw new AssertionError("no package in " + source);
        }
        return serverPackage(m.group(1));
    }

    private static List<String> imports(Path source) {
        Matcher m = IMPORT.matcher(read(source));
        List<String> names = new ArrayList<>();
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /** A cycle in {@code graph} as the packages along it, or an empty list. */
    static List<String> findCycle(Map<String, Set<String>> graph) {
        Map<String, Integer> state = new TreeMap<>(); // 1 on the current path, 2 done
        List<String> path = new ArrayList<>();
        for (String start : graph.keySet()) {
            List<String> cycle = visit(start, graph, state, path);
            if (!cycle.isEmpty()) {
                return cycle;
            }
        }
        return List.of();
    }

    private static List<String> visit(String node, Map<String, Set<String>> graph, Map<String, Integer> state, List<String> path) {
        Integer seen = state.get(node);
        if (seen != null && seen == 2) {
            return List.of();
        }
        if (seen != null) {
            List<String> cycle = new ArrayList<>(path.subList(path.indexOf(node), path.size()));
            cycle.add(node);
            return cycle.stream().map(p -> p.isEmpty() ? "(root)" : p).toList();
        }
        state.put(node, 1);
        path.add(node);
        for (String next : graph.getOrDefault(node, Set.of())) {
            List<String> cycle = visit(next, graph, state, path);
            if (!cycle.isEmpty()) {
                return cycle;
            }
        }
        path.remove(path.size() - 1);
        state.put(node, 2);
        return List.of();
    }

    private static List<Path> sources(String folder) {
        try (Stream<Path> files = Files.walk(PROJECT.resolve(folder))) {
            return files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path source) {
        try {
            return Files.readString(source);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
