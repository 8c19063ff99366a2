package dev.gateway.server.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The resolved configuration: a value for every setting in {@link Settings}, and where each came from.
 * Immutable; make a changed copy with {@link #with}.
 */
public final class Config {

    /** Where a value came from, lowest precedence first. */
    public enum Source {
        DEFAULT("default"), ENVIRONMENT_DEFAULT("environment default"), CONFIG_FILE("config file"),
        ENVIRONMENT("GATEWAY_CMD_ARGS"), COMMAND_LINE("command line"), API("embedding API");

        private final String label;

        Source(String label) {
            this.label = label;
        }

        /** How --print-config names the source. */
        public String label() {
            return label;
        }
    }

    private record Entry(Object value, Source source) {
    }

    private final Map<Setting<?>, Entry> entries;

    private Config(Map<Setting<?>, Entry> entries) {
        this.entries = Collections.unmodifiableMap(entries);
    }

    /** Every setting at its built-in default. */
    public static Config defaults() {
        Map<Setting<?>, Entry> entries = new LinkedHashMap<>();
        for (Setting<?> setting : Settings.ALL) {
            entries.put(setting, new Entry(setting.defaultValue(), Source.DEFAULT));
        }
        return new Config(entries);
    }

    /** The value of {@code setting}. */
    @SuppressWarnings("unchecked")
    public <T> T get(Setting<T> setting) {
        return (T) entries.get(setting).value();
    }

    /** Where the value of {@code setting} came from. */
    public Source source(Setting<?> setting) {
        return entries.get(setting).source();
    }

    /** A copy with {@code setting} set to {@code value} from {@code source}. */
    public <T> Config with(Setting<T> setting, T value, Source source) {
        Map<Setting<?>, Entry> copy = new LinkedHashMap<>(entries);
        copy.put(setting, new Entry(value, source));
        return new Config(copy);
    }
}
