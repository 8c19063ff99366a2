package dev.gateway.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gateway.server.config.Config.Source;
import dev.gateway.server.config.WorkerClass;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Precedence, lowest first: default < PORT/WEB_CONCURRENCY < config file < GATEWAY_CMD_ARGS < command line. */
class ConfigLoaderTest {

    @TempDir
    Path dir;

    private static SettingValue flag(Setting<?> setting, String text) {
        return new SettingValue(setting, text, setting.displayFlag());
    }

    private Path file(String name, String... lines) throws Exception {
        Path file = dir.resolve(name);
        Files.write(file, List.of(lines));
        return file;
    }

    @Test
    void eachSourceBeatsTheOnesBelowIt() throws Exception {
        Path file = file("gw.properties",
                "# comment", "workers = 2", "threads = 2", "backlog = 10", "graceful_timeout = 7");
        ConfigLoader loader = new ConfigLoader(Map.of("WEB_CONCURRENCY", "5", "PORT", "9000"));
        Config config = loader.load(
                List.of(flag(Settings.THREADS, "3"), flag(Settings.BACKLOG, "11"), flag(Settings.CONFIG, file.toString())),
                List.of(flag(Settings.BACKLOG, "12")));

        assertEquals(30, config.get(Settings.TIMEOUT));
        assertEquals(Source.DEFAULT, config.source(Settings.TIMEOUT));
        assertEquals(List.of("0.0.0.0:9000"), config.get(Settings.BIND));
        assertEquals(Source.ENVIRONMENT_DEFAULT, config.source(Settings.BIND));
        assertEquals(2, config.get(Settings.WORKERS));
        assertEquals(Source.CONFIG_FILE, config.source(Settings.WORKERS));
        assertEquals(7, config.get(Settings.GRACEFUL_TIMEOUT));
        assertEquals(3, config.get(Settings.THREADS));
        assertEquals(Source.ENVIRONMENT, config.source(Settings.THREADS));
        assertEquals(12, config.get(Settings.BACKLOG));
        assertEquals(Source.COMMAND_LINE, config.source(Settings.BACKLOG));
    }

    @Test
    void environmentDefaultsApplyWhenNothingElseSetsTheValue() {
        Config config = new ConfigLoader(Map.of("WEB_CONCURRENCY", "5", "PORT", "9000", "SCRIPT_NAME", "/app")).load(List.of(), List.of());
        assertEquals(5, config.get(Settings.WORKERS));
        assertEquals("/app", config.get(Settings.SCRIPT_NAME));
        assertEquals(Source.ENVIRONMENT_DEFAULT, config.source(Settings.WORKERS));
        assertEquals(List.of("0.0.0.0:9000"), config.get(Settings.BIND));

        Config plain = new ConfigLoader(Map.of()).load(List.of(), List.of());
        assertEquals(1, plain.get(Settings.WORKERS));
        assertEquals(List.of("127.0.0.1:8000"), plain.get(Settings.BIND));
        assertEquals(Source.DEFAULT, plain.source(Settings.BIND));
        assertEquals("", plain.get(Settings.SCRIPT_NAME));
    }

    @Test
    void commandLineConfigFileBeatsTheOneInGatewayCmdArgs() throws Exception {
        Path fromEnv = file("env.properties", "workers = 2");
        Path fromCli = file("cli.properties", "workers = 3");
        Config config = new ConfigLoader(Map.of()).load(
                List.of(flag(Settings.CONFIG, fromEnv.toString())), List.of(flag(Settings.CONFIG, fromCli.toString())));
        assertEquals(3, config.get(Settings.WORKERS));
        assertEquals(fromCli.toString(), config.get(Settings.CONFIG));
    }

    @Test
    void aListFromAHigherSourceReplacesTheLowerList() throws Exception {
        Path file = file("gw.properties", "bind = 127.0.0.1:1,127.0.0.1:2");
        ConfigLoader loader = new ConfigLoader(Map.of());
        Config fromFile = loader.load(List.of(), List.of(flag(Settings.CONFIG, file.toString())));
        assertEquals(List.of("127.0.0.1:1", "127.0.0.1:2"), fromFile.get(Settings.BIND));
        Config fromCli = loader.load(List.of(),
                List.of(flag(Settings.CONFIG, file.toString()), flag(Settings.BIND, "127.0.0.1:3")));
        assertEquals(List.of("127.0.0.1:3"), fromCli.get(Settings.BIND));
    }

    @Test
    void unknownKeyIsAnErrorWithASuggestion() throws Exception {
        Path file = file("gw.properties", "worker = 2");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.withFile(Config.defaults(), file));
        assertEquals("unknown setting 'worker' in config file " + file + "; did you mean 'workers'?", e.getMessage());
    }

    @Test
    void unknownKeyWithoutACloseNamePointsToTheDocs() throws Exception {
        Path file = file("gw.properties", "database_url = x");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.withFile(Config.defaults(), file));
        assertTrue(e.getMessage().startsWith("unknown setting 'database_url' in config file "), e.getMessage());
        assertTrue(e.getMessage().endsWith("see docs/settings.md for the setting names"), e.getMessage());
    }

    @Test
    void aConfigFileCannotNameAnotherConfigFile() throws Exception {
        Path file = file("gw.properties", "config = other.properties");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.withFile(Config.defaults(), file));
        assertEquals("'config' cannot be set in a config file (" + file + ")", e.getMessage());
    }

    @Test
    void missingConfigFileIsAnError() {
        Path missing = dir.resolve("missing.properties");
        ConfigException e = assertThrows(ConfigException.class,
                () -> new ConfigLoader(Map.of()).load(List.of(), List.of(flag(Settings.CONFIG, missing.toString()))));
        assertEquals("config file " + missing + " does not exist", e.getMessage());
    }

    @Test
    void badValueInTheFileNamesKeyFileAndValue() throws Exception {
        Path file = file("gw.properties", "workers = many");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.withFile(Config.defaults(), file));
        assertEquals("invalid value for workers in " + file + ": 'many' is not an integer", e.getMessage());
    }

    @Test
    void fileValuesAreWrittenAsOnTheCommandLine() throws Exception {
        Path file = file("gw.properties", "check_config = yes", "worker_class = VIRTUAL", "classpath = a.jar, lib/*",
                "wsgi_app = com.example.App:app");
        Config config = ConfigLoader.withFile(Config.defaults(), file);
        assertEquals(true, config.get(Settings.CHECK_CONFIG));
        assertEquals(WorkerClass.VIRTUAL, config.get(Settings.WORKER_CLASS));
        assertEquals(List.of("a.jar", "lib/*"), config.get(Settings.CLASSPATH));
        assertEquals("com.example.App:app", config.get(Settings.WSGI_APP));
    }

    @Test
    void everySwitchInTheFileTakesTrueOrFalse() throws Exception {
        List<Setting<?>> switches = Settings.ALL.stream().filter(s -> s.type().isSwitch() && s.inConfigFile()).toList();
        // Each one the opposite of its default, so that a value ignored would show.
        Path file = file("gw.properties", switches.stream().map(s -> s.name() + " = " + !(Boolean) s.defaultValue())
                .toArray(String[]::new));
        Config config = ConfigLoader.withFile(Config.defaults(), file);
        for (Setting<?> setting : switches) {
            assertEquals(!(Boolean) setting.defaultValue(), config.get(setting), setting.name());
            assertEquals(Source.CONFIG_FILE, config.source(setting), setting.name());
        }
    }

    @Test
    void aLowerSourceNeverReplacesAHigherOne() throws Exception {
        Path file = file("gw.properties", "workers = 2", "threads = 2");
        Config api = Config.defaults().with(Settings.WORKERS, 7, Source.API);
        Config config = ConfigLoader.withFile(api, file);
        assertEquals(7, config.get(Settings.WORKERS));
        assertEquals(Source.API, config.source(Settings.WORKERS));
        assertEquals(2, config.get(Settings.THREADS));
        assertEquals(Source.CONFIG_FILE, config.source(Settings.THREADS));
    }

    @Test
    void theEmbeddingApiReadsConfigFilesThroughTheSameLoader() throws Exception {
        Path file = file("gw.properties", "thread = 2");
        ConfigException e = assertThrows(ConfigException.class,
                () -> dev.gateway.server.embed.Gateway.builder(new dev.gateway.testapps.Hello()).configFile(file));
        assertEquals("unknown setting 'thread' in config file " + file + "; did you mean 'threads'?", e.getMessage());
    }
}
