package dev.gateway.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gateway.server.config.Section;
import dev.gateway.server.config.Setting;
import dev.gateway.server.config.SettingValue;
import dev.gateway.server.config.Settings;
import java.util.List;
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
                assertTrue(block.contains(setting.displayFlag() + (setting.type().isSwitch() ? "" : "=")),
                        setting.displayFlag() + " not under " + section.title());
            }
            previous = heading;
        }
        assertTrue(help.contains("--help"));
        assertTrue(help.contains("[default: 2048]"));
    }
}
