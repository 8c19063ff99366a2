package dev.gateway.servlet;

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
 * The dependency direction of the bridge, read from its sources: its packages form no cycle (http,
 * mapping and async are leaves; deploy, session, multipart, response, request, dispatch build on them in
 * that order; the root package assembles them), and it imports nothing of gateway but the contract.
 */
class ArchitectureTest {

    private static final Path SOURCES = Path.of("src/main/java/dev/gateway/servlet");
    private static final Pattern REFERENCE = Pattern.compile("dev\\.gateway\\.servlet\\.([a-z]+)\\.[A-Z]");
    private static final Pattern GATEWAY = Pattern.compile("(?m)^import (?:static )?(dev\\.gateway\\.[a-z]+)\\.");

    @Test
    void thePackagesDependOnEachOtherOneWayOnly() {
        Map<String, Set<String>> graph = new TreeMap<>();
        for (Path source : sources()) {
            String from = packageOf(source);
            Set<String> edges = graph.computeIfAbsent(from, k -> new TreeSet<>());
            for (String line : lines(source)) {
                String code = line.strip();
                if (code.startsWith("*") || code.startsWith("/*") || code.startsWith("//")) {
                    continue;
                }
                Matcher matcher = REFERENCE.matcher(code);
                while (matcher.find()) {
                    if (!matcher.group(1).equals(from)) {
                        edges.add(matcher.group(1));
                    }
                }
            }
        }
        List<String> cycle = findCycle(graph);
        assertTrue(cycle.isEmpty(), "a package cycle: " + String.join(" -> ", cycle) + "\nthe graph: " + graph);
    }

    @Test
    void theCycleFinderFindsACycle() {
        assertEquals(List.of("a", "b", "c", "a"),
                findCycle(new TreeMap<>(Map.of("a", Set.of("b"), "b", Set.of("c"), "c", Set.of("a", "d")))));
        assertEquals(List.of(), findCycle(new TreeMap<>(Map.of("a", Set.of("b", "c"), "b", Set.of("c"), "c", Set.of()))));
    }

    @Test
    void itDependsOnTheContractOnly() {
        List<String> foreign = new ArrayList<>();
        for (Path source : sources()) {
            Matcher matcher = GATEWAY.matcher(String.join("\n", lines(source)));
            while (matcher.find()) {
                String imported = matcher.group(1);
                if (!imported.equals("dev.gateway.spi") && !imported.equals("dev.gateway.servlet")) {
                    foreign.add(source + ": " + imported);
                }
            }
        }
        assertEquals(List.of(), foreign);
    }

    private static List<Path> sources() {
        try (Stream<Path> files = Files.walk(SOURCES)) {
            return files.filter(f -> f.toString().endsWith(".java")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> lines(Path source) {
        try {
            return Files.readAllLines(source);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The sub-package of a source ("" for the root package). */
    private static String packageOf(Path source) {
        Path relative = SOURCES.relativize(source.getParent());
        return relative.toString().isEmpty() ? "" : relative.getName(0).toString();
    }

    /** A cycle of the graph as a path that starts and ends at the same node, or an empty list. */
    private static List<String> findCycle(Map<String, Set<String>> graph) {
        Set<String> done = new TreeSet<>();
        for (String start : graph.keySet()) {
            List<String> path = new ArrayList<>();
            List<String> cycle = visit(graph, start, path, done);
            if (!cycle.isEmpty()) {
                return cycle;
            }
        }
        return List.of();
    }

    private static List<String> visit(Map<String, Set<String>> graph, String node, List<String> path, Set<String> done) {
        int index = path.indexOf(node);
        if (index >= 0) {
            List<String> cycle = new ArrayList<>(path.subList(index, path.size()));
            cycle.add(node);
            return cycle;
        }
        if (done.contains(node)) {
            return List.of();
        }
        path.add(node);
        for (String next : graph.getOrDefault(node, Set.of())) {
            List<String> cycle = visit(graph, next, path, done);
            if (!cycle.isEmpty()) {
                return cycle;
            }
        }
        path.remove(path.size() - 1);
        done.add(node);
        return List.of();
    }
}
