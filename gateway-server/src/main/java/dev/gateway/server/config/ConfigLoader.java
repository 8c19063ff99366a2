package dev.gateway.server.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Resolves the configuration from its sources, lowest precedence first, as Gunicorn does: built-in
 * defaults, defaults from the environment ({@code PORT}, {@code WEB_CONCURRENCY}), the config file,
 * {@code GATEWAY_CMD_ARGS}, the command line. The environment is passed in, so tests and embedding
 * applications decide what it holds.
 *
 * <p>Command-line text is parsed elsewhere (cli/); this class receives the values it named.
 */
public final class ConfigLoader {

    /** The environment variable holding extra command-line arguments, parsed like the command line. */
    public static final String CMD_ARGS = "GATEWAY_CMD_ARGS";

    private final Map<String, String> environment;

    /** @param environment the process environment, or a map standing in for it */
    public ConfigLoader(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    /** The text of {@code GATEWAY_CMD_ARGS}, empty when unset. */
    public String environmentArguments() {
        return environment.getOrDefault(CMD_ARGS, "");
    }

    /**
     * Resolves every source.
     *
     * @param environmentArguments the values {@code GATEWAY_CMD_ARGS} named
     * @param commandLine          the values the command line named
     * @throws ConfigException for a bad value, an unreadable config file or an unknown key in it
     */
    public Config load(List<SettingValue> environmentArguments, List<SettingValue> commandLine) {
        Config base = environmentDefaults(Config.defaults());
        Config arguments = applyArguments(base, environmentArguments, commandLine);
        String file = arguments.get(Settings.CONFIG);
        if (file == null) {
            return arguments;
        }
        Config withFile = withFile(base, Path.of(file));
        return applyArguments(withFile, environmentArguments, commandLine);
    }

    private static Config applyArguments(Config base, List<SettingValue> environmentArguments, List<SettingValue> commandLine) {
        Config config = apply(base, environmentArguments, Config.Source.ENVIRONMENT);
        return apply(config, commandLine, Config.Source.COMMAND_LINE);
    }

    /** {@code base} with the defaults the environment sets: {@code PORT} for bind, {@code WEB_CONCURRENCY} for workers. */
    public Config environmentDefaults(Config base) {
        Config config = base;
        for (Setting<?> setting : Settings.ALL) {
            String variable = setting.environmentVariable();
            String value = variable == null ? null : environment.get(variable);
            if (value != null && !value.isBlank()) {
                config = applyEnvironmentDefault(config, setting, variable, value);
            }
        }
        return config;
    }

    private static <T> Config applyEnvironmentDefault(Config config, Setting<T> setting, String variable, String value) {
        String text;
        try {
            text = setting.fromEnvironment(value);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("invalid value for " + variable + ": '" + value + "' " + e.getMessage());
        }
        return config.with(setting, setting.parse(text, variable), Config.Source.ENVIRONMENT_DEFAULT);
    }

    /** {@code base} with the values of the config file {@code file}. */
    public static Config withFile(Config base, Path file) {
        return apply(base, ConfigFile.read(file), Config.Source.CONFIG_FILE);
    }

    /**
     * {@code base} with each value parsed, validated and recorded as coming from {@code source}. A
     * value never replaces one from a higher-precedence source, so an embedding application may read
     * a config file after setting values through the API and keep its own.
     */
    public static Config apply(Config base, List<SettingValue> values, Config.Source source) {
        Config config = base;
        for (SettingValue value : values) {
            config = applyOne(config, value.setting(), value, source);
        }
        return config;
    }

    private static <T> Config applyOne(Config config, Setting<T> setting, SettingValue value, Config.Source source) {
        T parsed = setting.parse(value.text(), value.where());
        if (config.source(setting).compareTo(source) > 0) {
            return config;
        }
        return config.with(setting, parsed, source);
    }
}
