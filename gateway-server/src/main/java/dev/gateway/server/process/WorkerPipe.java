package dev.gateway.server.process;

import dev.gateway.server.config.Config;
import dev.gateway.server.config.Setting;
import dev.gateway.server.config.Settings;
import java.util.ArrayList;
import java.util.List;

/**
 * The protocol between the master and a process worker. The worker's standard output is a pipe to
 * the master that carries one message per line ({@link #READY}, {@link #BEAT}, {@link #STATS}, {@link #RETIRING});
 * any other line (the JVM's thread dump on SIGQUIT, a stray print) goes to the master's error log.
 * The worker's standard input is a pipe the master never writes: its end means the master died. The
 * configuration travels on the command line as {@code name=value} arguments.
 */
public final class WorkerPipe {

    private WorkerPipe() {
    }

    private static final String PREFIX = "gateway-worker ";
    /** The worker booted: it holds the listeners and takes requests. */
    public static final String READY = PREFIX + "READY";
    /** Heartbeat, followed by the age in milliseconds of the oldest request running (0: none). */
    public static final String BEAT = PREFIX + "BEAT ";
    /**
     * With every heartbeat, and once more at the end: the worker's request counts so far
     * ({@code metrics.RequestStatsSnapshot#encode}), which the master sums over its workers.
     */
    public static final String STATS = PREFIX + "STATS ";
    /** The worker served its max_requests and stops taking requests: the master starts another. */
    public static final String RETIRING = PREFIX + "RETIRING";

    /** The heartbeat period for {@code timeout} seconds: four beats per timeout, at most one a second. */
    public static long beatMillis(int timeoutSeconds) {
        return timeoutSeconds <= 0 ? 1000 : Math.min(1000, timeoutSeconds * 250L);
    }

    /** Every setting not at its default, as {@code name=value} arguments. */
    public static List<String> configArgs(Config config) {
        List<String> args = new ArrayList<>();
        for (Setting<?> setting : Settings.ALL) {
            if (config.source(setting) != Config.Source.DEFAULT) {
                args.add(setting.name() + "=" + format(config, setting));
            }
        }
        return args;
    }

    /** The configuration {@link #configArgs} wrote. */
    public static Config parseConfig(List<String> args) {
        Config config = Config.defaults();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            String name = arg.substring(0, eq);
            Setting<?> setting = Settings.ALL.stream().filter(s -> s.name().equals(name)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("unknown setting " + name));
            config = apply(config, setting, arg.substring(eq + 1));
        }
        return config;
    }

    private static <T> String format(Config config, Setting<T> setting) {
        return setting.format(config.get(setting));
    }

    private static <T> Config apply(Config config, Setting<T> setting, String text) {
        return config.with(setting, setting.parse(text, setting.name()), Config.Source.COMMAND_LINE);
    }
}
