package dev.gateway.server.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The control socket's answers as text for people: a table of workers, {@code key: value} lines for the rest. */
final class CtlText {

    private static final List<String> WORKER_COLUMNS = List.of("id", "pid", "generation", "state", "requests",
            "in_flight", "age_s", "last_beat_s");

    private CtlText() {
    }

    static void print(Map<String, Object> answer, PrintStream out) {
        for (Map.Entry<String, Object> entry : answer.entrySet()) {
            switch (entry.getKey()) {
                case "ok" -> { }
                case "workers" -> printWorkers(entry.getValue(), out);
                case "listeners" -> ((List<?>) entry.getValue()).forEach(out::println);
                case "doing" -> out.println(entry.getValue());
                case "killed" -> out.println("killed worker " + entry.getValue());
                default -> printTree("", entry.getValue(), out);
            }
        }
    }

    private static void printWorkers(Object value, PrintStream out) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(WORKER_COLUMNS.stream().map(c -> c.toUpperCase(java.util.Locale.ROOT)).toList());
        if (value instanceof List<?> workers) {
            for (Object worker : workers) {
                Map<?, ?> row = (Map<?, ?>) worker;
                rows.add(WORKER_COLUMNS.stream().map(c -> row.get(c) == null ? "-" : String.valueOf(row.get(c))).toList());
            }
        }
        int[] widths = new int[WORKER_COLUMNS.size()];
        for (List<String> row : rows) {
            for (int i = 0; i < widths.length; i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < widths.length; i++) {
                line.append(String.format("%-" + (widths[i] + 2) + "s", row.get(i)));
            }
            out.println(line.toString().stripTrailing());
        }
    }

    /** {@code a.b: value} per leaf. */
    private static void printTree(String prefix, Object value, PrintStream out) {
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                printTree(prefix.isEmpty() ? String.valueOf(entry.getKey()) : prefix + "." + entry.getKey(), entry.getValue(), out);
            }
        } else {
            out.println(prefix + ": " + (value == null ? "-" : value));
        }
    }
}
