package dev.gateway.server.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Reads a config file: Java properties (UTF-8) whose keys are setting names and whose values are
 * written as on the command line, list items separated by commas. An unknown key is an error with a
 * "did you mean" suggestion; Gunicorn silently ignores them, which hides typos.
 */
public final class ConfigFile {

    private static final Map<String, Setting<?>> BY_NAME = Settings.ALL.stream()
            .collect(Collectors.toUnmodifiableMap(Setting::name, Function.identity()));

    private ConfigFile() {
    }

    /**
     * The file's values, in setting-name order, not yet parsed.
     *
     * @throws ConfigException when the file cannot be read or names an unknown setting
     */
    public static List<SettingValue> read(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (NoSuchFileException e) {
            throw new ConfigException("config file " + file + " does not exist");
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException("cannot read config file " + file + ": " + e.getMessage());
        }
        List<SettingValue> values = new ArrayList<>();
        for (String key : new TreeSet<>(properties.stringPropertyNames())) {
            Setting<?> setting = settingFor(key, file);
            values.add(new SettingValue(setting, properties.getProperty(key), key + " in " + file));
        }
        return values;
    }

    private static Setting<?> settingFor(String key, Path file) {
        Setting<?> setting = BY_NAME.get(key);
        if (setting == null) {
            String hint = Suggestions.closest(key, inFileNames())
                    .map(name -> "; did you mean '" + name + "'?")
                    .orElse("; see docs/settings.md for the setting names");
            throw new ConfigException("unknown setting '" + key + "' in config file " + file + hint);
        }
        if (!setting.inConfigFile()) {
            throw new ConfigException("'" + key + "' cannot be set in a config file (" + file + ")");
        }
        return setting;
    }

    private static List<String> inFileNames() {
        return Settings.ALL.stream().filter(Setting::inConfigFile).map(Setting::name).toList();
    }
}
