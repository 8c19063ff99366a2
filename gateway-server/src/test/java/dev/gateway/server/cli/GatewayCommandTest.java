package dev.gateway.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gateway.server.config.Config;
import dev.gateway.server.config.Config.Source;
import dev.gateway.server.config.ConfigLoader;
import dev.gateway.server.config.Section;
import dev.gateway.server.config.Setting;
import dev.gateway.server.config.SettingValue;
import dev.gateway.server.config.Settings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The command line generated from the registry. */
class GatewayCommandTest {

    @Test
    void readsFlagsListsSwitchesAndApp() {
        GatewayCommand.Arguments args = GatewayCommand.parse(List.of(
                "-w", "3", "--bind", "127.0.0.1:1", "-b", "unix:/tmp/s", "--check-config", "--workers=4", "com.x.App"));
        assertEquals(List.of(
                new SettingValue(Settings.CHECK_CONFIG, "true", "--check-config"),
                new SettingValue(Settings.BIND, "127.0.0.1:1,unix:/tmp/s", "--bind"),
                new SettingValue(Settings.WORKERS, "4", "--workers"),
                new SettingValue(Settings.WSGI_APP, "com.x.App", "APP")), args.values());
    }

    @Test
    void mayOnlyPrintSeesTheFlagsThatParseAsHelpOrVersion() {
        for (String flag : List.of("-h", "--help", "-v", "-V", "--version")) {
            List<String> args = List.of("-w", "2", flag, "com.x.App");
            assertTrue(GatewayCommand.mayOnlyPrint(args), flag);
            GatewayCommand.Arguments parsed = GatewayCommand.parse(args);
            assertTrue(parsed.help() || parsed.version(), flag);
        }
        assertFalse(GatewayCommand.mayOnlyPrint(List.of("-w", "2", "--check-config", "--print-config", "com.x.App")));
    }

    @Test
    void proxyProtocolAloneMeansAutoAndNeverTakesTheApp() {
        assertEquals(List.of(new SettingValue(Settings.PROXY_PROTOCOL, "auto", "--proxy-protocol"),
                        new SettingValue(Settings.WSGI_APP, "com.x.App", "APP")),
                GatewayCommand.parse(List.of("--proxy-protocol", "com.x.App")).values());
        assertEquals(List.of(new SettingValue(Settings.WORKERS, "2", "--workers"),
                        new SettingValue(Settings.PROXY_PROTOCOL, "auto", "--proxy-protocol"),
                        new SettingValue(Settings.WSGI_APP, "com.x.App", "APP")),
                GatewayCommand.parse(List.of("--proxy-protocol", "-w", "2", "com.x.App")).values());
        assertEquals(List.of(new SettingValue(Settings.PROXY_PROTOCOL, "v2", "--proxy-protocol"),
                        new SettingValue(Settings.WSGI_APP, "com.x.App", "APP")),
                GatewayCommand.parse(List.of("--proxy-protocol", "v2", "com.x.App")).values());
        assertEquals(List.of(new SettingValue(Settings.PROXY_PROTOCOL, "v1", "--proxy-protocol")),
                GatewayCommand.parse(List.of("--proxy-protocol=v1")).values());
        assertEquals(List.of(new SettingValue(Settings.PROXY_PROTOCOL, "auto", "--proxy-protocol"),
                        new SettingValue(Settings.WSGI_APP, "com.x.App", "APP")),
                GatewayCommand.parse(List.of("com.x.App", "--proxy-protocol")).values());
    }

    @Test
    void unknownFlagIsAUsageErrorWithASuggestion() {
        UsageException e = assertThrows(UsageException.class, () -> GatewayCommand.parse(List.of("--wokers", "3", "App")));
        assertTrue(e.getMessage().startsWith("Unknown option"), e.getMessage());
        assertTrue(e.getMessage().contains("'--wokers'"), e.getMessage());
        assertTrue(e.getMessage().endsWith("(did you mean --workers?)"), e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
    }

    @Test
    void gunicornsVersionFlagAndPicoclisBothPrintTheVersion() {
        for (String flag : List.of("-v", "-V", "--version")) {
            GatewayCommand.Arguments arguments = GatewayCommand.parse(List.of(flag));
            assertTrue(arguments.version() && !arguments.help(), flag);
        }
        assertTrue(GatewayCommand.usage().contains("-v, -V, --version"), GatewayCommand.usage());
    }

    @Test
    void aGunicornFlagGatewayLacksIsOneLineSayingWhatToDoInstead() {
        UsageException e = assertThrows(UsageException.class, () -> GatewayCommand.parse(List.of("-n", "myapp", "com.example.MyApp")));
        assertEquals("-n is a Gunicorn option gateway does not have: a JVM cannot set its process title, so find the server "
                + "by its -p/--pid file or run it as a systemd unit (see docs/coming-from-gunicorn.md)", e.getMessage());
        assertFalse(e.pointsToHelp());
        UsageException withValue = assertThrows(UsageException.class, () -> GatewayCommand.parse(List.of("App", "--env=A=1")));
        assertTrue(withValue.getMessage().startsWith("--env is a Gunicorn option gateway does not have: set the variables"),
                withValue.getMessage());
    }

    @Test
    void everyGunicornFlagGatewayLacksIsRefusedSoAndListedInTheDoc() throws Exception {
        String doc = Files.readString(Path.of("..", "docs", "coming-from-gunicorn.md"));
        for (GunicornFlags.Row row : GunicornFlags.ROWS) {
            for (String flag : row.flags()) {
                // Followed by a word it might take as its value, and an APP: neither is a gateway option.
                UsageException e = assertThrows(UsageException.class, () -> GatewayCommand.parse(List.of(flag, "x", "App")), flag);
                assertEquals(GunicornFlags.message(flag, row), e.getMessage());
            }
            String docRow = "| " + String.join(", ", row.flags().stream().map(f -> "`" + f + "`").toList()) + " | " + row.instead() + " |";
            assertTrue(doc.contains("\n" + docRow + "\n"), "docs/coming-from-gunicorn.md lacks the row: " + docRow);
        }
    }

    @Test
    void missingFlagArgumentAndSurplusArgumentsAreUsageErrors() {
        UsageException missing = assertThrows(UsageException.class, () -> GatewayCommand.parse(List.of("App", "--workers")));
        assertTrue(missing.getMessage().contains("--workers"), missing.getMessage());
        assertThrows(UsageException.class, () -> GatewayCommand.parse(List.of("App", "Other")));
    }

    @Test
    void helpListsEveryFlagUnderItsSection() {
        String help = GatewayCommand.usage();
        int previous = -1;
        for (Section section : Section.values()) {
            List<Setting<?>> withFlags = Settings.ALL.stream()
                    .filter(s -> s.section() == section && !s.flags().isEmpty()).toList();
            if (withFlags.isEmpty()) {
                continue;
            }
            int heading = help.indexOf("\n" + section.title() + ":\n");
            assertTrue(heading > previous, section.title() + " heading missing or out of order");
            int end = help.indexOf("\n\n", heading + 1);
            String block = help.substring(heading, end);
            for (Setting<?> setting : withFlags) {
                assertTrue(block.contains(helpForm(setting)), helpForm(setting) + " not under " + section.title());
            }
            previous = heading;
        }
        assertTrue(help.contains("--help"));
        assertTrue(help.contains("[default: 2048]"));
    }

    @Test
    void timeoutHelpSaysWhatItDoesForEachWorkerClass() {
        // With the default thread class a late request is answered 504; only process workers are killed.
        String summary = Settings.TIMEOUT.summary();
        for (String workerClass : List.of("thread", "virtual", "process")) {
            assertEquals(1, summary.split(" " + workerClass + ": ", -1).length - 1, workerClass + " in: " + summary);
        }
        assertTrue(summary.contains("thread: a request running longer is answered 504"), summary);
        assertTrue(GatewayCommand.usage().contains("Seconds a request may run (0: no limit). thread: "), GatewayCommand.usage());
    }

    /** How {@code --help} shows a setting's last flag: picocli's {@code --[no-]NAME} for a switch. */
    private static String helpForm(Setting<?> setting) {
        String flag = setting.displayFlag();
        return setting.type().isSwitch() ? "--[no-]" + flag.substring(2) : flag + "=";
    }

    private static List<Setting<?>> switches() {
        List<Setting<?>> switches = Settings.ALL.stream().filter(s -> s.type().isSwitch() && !s.flags().isEmpty()).toList();
        assertFalse(switches.isEmpty());
        return switches;
    }

    @Test
    void everySwitchIsOnWithItsFlagOffWithItsNoFormAndItsDefaultWithNeither() {
        for (Setting<?> setting : switches()) {
            String on = setting.displayFlag();
            String off = setting.negatedFlags().getLast();
            assertEquals(List.of(new SettingValue(setting, "true", on)), GatewayCommand.parse(List.of(on)).values(), on);
            assertEquals(List.of(new SettingValue(setting, "false", off)), GatewayCommand.parse(List.of(off)).values(), off);
            assertResolves(setting, setting.defaultValue(), Source.DEFAULT);
            assertResolves(setting, true, Source.COMMAND_LINE, on);
            assertResolves(setting, false, Source.COMMAND_LINE, off);
            // The last one given wins, as for any other flag.
            assertResolves(setting, false, Source.COMMAND_LINE, on, off);
            assertResolves(setting, true, Source.COMMAND_LINE, off, on);
        }
    }

    private static void assertResolves(Setting<?> setting, Object value, Source source, String... args) {
        Config config = new ConfigLoader(Map.of()).load(List.of(), GatewayCommand.parse(List.of(args)).values());
        assertEquals(value, config.get(setting), setting + " " + List.of(args));
        assertEquals(source, config.source(setting), setting + " " + List.of(args));
    }

    @Test
    void aSwitchGivenAValueIsAUsageErrorNamingItsNoForm() {
        for (Setting<?> setting : switches()) {
            String on = setting.displayFlag();
            String off = setting.negatedFlags().getLast();
            UsageException e = assertThrows(UsageException.class, () -> GatewayCommand.parse(List.of(on + "=false", "App")));
            assertEquals("option '" + on + "' takes no value: " + on + " turns it on, " + off + " turns it off", e.getMessage());
            e = assertThrows(UsageException.class, () -> GatewayCommand.parse(List.of("-w", "2", off + "=true")));
            assertTrue(e.getMessage().startsWith("option '" + off + "' takes no value"), e.getMessage());
        }
    }

    @Test
    void aMistypedNoFormGetsASuggestion() {
        UsageException e = assertThrows(UsageException.class, () -> GatewayCommand.parse(List.of("--no-require-hots")));
        assertTrue(e.getMessage().endsWith("(did you mean --no-require-host?)"), e.getMessage());
    }

    @Test
    void helpShowsTheNoFormAndTheDefaultOfASwitch() {
        String help = GatewayCommand.usage();
        assertTrue(help.matches("(?s).*\\n +--\\[no-]require-host +Refuse HTTP/1\\.1 requests.*"), help);
        assertTrue(help.contains("[default: true]"), help);
    }

    @Test
    void helpRendersEverySettingWithoutPicocliWarnings() {
        ByteArrayOutputStream warnings = new ByteArrayOutputStream();
        String help = withPicocliWarningsTo(warnings, GatewayCommand::usage);
        String printed = warnings.toString(StandardCharsets.UTF_8);
        assertFalse(printed.contains("[picocli"), printed);
        // The placeholders reach the screen as written, not as format specifiers or escapes.
        assertTrue(help.contains("Gunicorn's %(atom)s placeholders"), help);
        assertTrue(help.contains("[default: %(h)s %(l)s"), help);
        assertFalse(help.contains("%%"), help);
    }

    /**
     * Runs {@code render} with picocli's tracer at its default level, WARN, and its output in
     * {@code warnings}: the tracer writes to whatever System.err is when it is called.
     */
    private static String withPicocliWarningsTo(ByteArrayOutputStream warnings, Supplier<String> render) {
        PrintStream err = System.err;
        String level = System.getProperty("picocli.trace");
        System.setProperty("picocli.trace", "WARN");
        System.setErr(new PrintStream(warnings, true, StandardCharsets.UTF_8));
        try {
            return render.get();
        } finally {
            System.setErr(err);
            if (level == null) {
                System.clearProperty("picocli.trace");
            } else {
                System.setProperty("picocli.trace", level);
            }
        }
    }
}
