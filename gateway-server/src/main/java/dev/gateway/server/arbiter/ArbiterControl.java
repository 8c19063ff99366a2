package dev.gateway.server.arbiter;

import dev.gateway.server.config.Config;
import dev.gateway.server.config.Setting;
import dev.gateway.server.config.Settings;
import dev.gateway.server.control.ControlRequest;
import dev.gateway.server.metrics.RequestStatsSnapshot;
import dev.gateway.server.metrics.ServerMetrics;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * What each control socket request does to the master (docs/deployment.md, "Control socket"). The
 * verbs that signals have are those signals' events ({@code reload} is HUP, {@code worker add} TTIN,
 * {@code worker remove} TTOU, {@code reopen} USR1, {@code shutdown} TERM or INT), queued as a signal
 * would queue them; the questions are answered on the master's loop, so that they see one state.
 */
final class ArbiterControl {

    private final Arbiter arbiter;

    ArbiterControl(Arbiter arbiter) {
        this.arbiter = arbiter;
    }

    /** The answer to {@code request}: {@code {"ok":true,...}}, or {@code {"ok":false,"error":...}} for a bad one. */
    CompletableFuture<Map<String, Object>> handle(ControlRequest request) {
        List<String> args = request.args();
        try {
            return switch (request.command()) {
                case "show" -> show(word(args, 0, "show what? workers, stats, config or listeners"));
                case "worker" -> worker(args);
                case "reload" -> signal(Arbiter.Event.HUP, 1, "reloading");
                case "reopen" -> signal(Arbiter.Event.USR1, 1, "reopening the log files");
                case "shutdown" -> shutdown(args.isEmpty() ? "graceful" : args.get(0));
                default -> throw new IllegalArgumentException("unknown command '" + request.command()
                        + "': show, worker, reload, reopen or shutdown");
            };
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(failure(e.getMessage()));
        }
    }

    private CompletableFuture<Map<String, Object>> show(String what) {
        return switch (what) {
            case "workers" -> arbiter.onLoop(() -> ok("workers", workers()));
            case "stats" -> arbiter.onLoop(() -> ok("stats", stats()));
            case "config" -> arbiter.onLoop(() -> ok("config", config(arbiter.config())));
            case "listeners" -> arbiter.onLoop(() -> ok("listeners", arbiter.listenerNames()));
            default -> throw new IllegalArgumentException("show " + what + "? workers, stats, config or listeners");
        };
    }

    private CompletableFuture<Map<String, Object>> worker(List<String> args) {
        String verb = word(args, 0, "worker what? add [N], remove [N] or kill ID");
        return switch (verb) {
            case "add" -> signal(Arbiter.Event.TTIN, count(args), "adding workers");
            case "remove" -> signal(Arbiter.Event.TTOU, count(args), "removing workers");
            case "kill" -> {
                int id = number(word(args, 1, "worker kill ID: which worker (see show workers)"));
                yield arbiter.onLoop(() -> arbiter.killWorker(id) ? ok("killed", id) : failure("no worker with id " + id));
            }
            default -> throw new IllegalArgumentException("worker " + verb + "? add [N], remove [N] or kill ID");
        };
    }

    private CompletableFuture<Map<String, Object>> shutdown(String how) {
        return switch (how) {
            case "graceful" -> signal(Arbiter.Event.TERM, 1, "stopping gracefully");
            case "quick" -> signal(Arbiter.Event.INT, 1, "stopping at once");
            default -> throw new IllegalArgumentException("shutdown " + how + "? graceful or quick");
        };
    }

    /** Queues {@code event} {@code times} times, as that many signals would. */
    private CompletableFuture<Map<String, Object>> signal(Arbiter.Event event, int times, String doing) {
        for (int i = 0; i < times; i++) {
            arbiter.send(event);
        }
        return CompletableFuture.completedFuture(ok("doing", doing));
    }

    private List<Map<String, Object>> workers() {
        long now = System.nanoTime();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (WorkerHandle worker : arbiter.workerHandles()) {
            if (worker.exited()) {
                continue;
            }
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", worker.info().id());
            row.put("pid", worker.info().pid());
            row.put("generation", worker.info().generation());
            row.put("state", !worker.ready() ? "booting" : worker.taking() ? "serving" : "retiring");
            row.put("requests", worker.requestsServed());
            row.put("in_flight", worker.inFlight());
            row.put("age_s", seconds(now - worker.startNanos()));
            row.put("last_beat_s", worker.lastBeatNanos() < 0 ? null : seconds(now - worker.lastBeatNanos()));
            rows.add(row);
        }
        return rows;
    }

    private Map<String, Object> stats() {
        RequestStatsSnapshot stats = arbiter.requestStats();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("requests", stats.requests());
        Map<String, Object> classes = new LinkedHashMap<>();
        for (int i = 1; i < stats.byStatusClass().length; i++) {
            classes.put(i + "xx", stats.byStatusClass()[i]);
        }
        classes.put("none", stats.byStatusClass()[0]);
        out.put("status", classes);
        Map<String, Object> methods = new LinkedHashMap<>();
        for (int i = 0; i < RequestStatsSnapshot.METHODS.size(); i++) {
            methods.put(RequestStatsSnapshot.METHODS.get(i), stats.byMethod()[i]);
        }
        methods.put("other", stats.byMethod()[RequestStatsSnapshot.METHODS.size()]);
        out.put("methods", methods);
        out.put("in_flight", stats.inFlight());
        out.put("open_connections", stats.openConnections());
        long acceptQueue = arbiter.acceptQueue();
        out.put("accept_queue", acceptQueue < 0 ? null : acceptQueue);
        out.put("bytes_out", stats.bytesOut());
        out.put("bytes_in", stats.bytesIn());
        Map<String, Object> latency = new LinkedHashMap<>();
        for (double q : new double[] {0.5, 0.9, 0.99}) {
            double value = stats.durationQuantile(q);
            latency.put(String.format(Locale.ROOT, "p%d_ms", Math.round(q * 100)), Double.isNaN(value) ? null : Math.round(value * 1e4) / 10.0);
        }
        out.put("latency", latency);
        out.put("workers", arbiter.aliveWorkers());
        out.put("workers_wanted", arbiter.wanted());
        out.put("generation", arbiter.generation());
        Map<String, Long> exits = new LinkedHashMap<>();
        for (String reason : ServerMetrics.EXIT_REASONS) {
            exits.put(reason, arbiter.workerExits().getOrDefault(reason, 0L));
        }
        out.put("worker_exits", exits);
        out.put("uptime_s", seconds(System.nanoTime() - arbiter.startNanos()));
        return out;
    }

    private static Map<String, Object> config(Config config) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (Setting<?> setting : Settings.ALL) {
            values.put(setting.name(), format(config, setting));
        }
        return values;
    }

    private static <T> String format(Config config, Setting<T> setting) {
        T value = config.get(setting);
        return value == null ? null : setting.format(value);
    }

    private static double seconds(long nanos) {
        return Math.round(nanos / 1e8) / 10.0;
    }

    private static String word(List<String> args, int index, String missing) {
        if (args.size() <= index) {
            throw new IllegalArgumentException(missing);
        }
        return args.get(index).toLowerCase(Locale.ROOT);
    }

    private static int count(List<String> args) {
        int n = args.size() > 1 ? number(args.get(1)) : 1;
        if (n < 1 || n > 1000) {
            throw new IllegalArgumentException("a count of workers must be 1 to 1000");
        }
        return n;
    }

    private static int number(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a number: " + text);
        }
    }

    private static Map<String, Object> ok(String key, Object value) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("ok", true);
        answer.put(key, value);
        return answer;
    }

    private static Map<String, Object> failure(String message) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("ok", false);
        answer.put("error", message);
        return answer;
    }
}
