package dev.gateway.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/settings.md is what the registry renders to; {@code -Dgateway.docs.write=true} rewrites it. */
class SettingsDocTest {

    // Surefire runs in the module folder, gateway-server/.
    private static final Path DOC = Path.of("..", "docs", "settings.md");

    @Test
    void committedDocIsCurrent() throws Exception {
        String fresh = SettingsDoc.render();
        if (Boolean.getBoolean("gateway.docs.write")) {
            Files.createDirectories(DOC.getParent());
            Files.writeString(DOC, fresh, StandardCharsets.UTF_8);
        }
        assertTrue(Files.exists(DOC), DOC.toAbsolutePath() + " is missing; regenerate with: " + SettingsDoc.REGENERATE);
        assertEquals(fresh, Files.readString(DOC, StandardCharsets.UTF_8),
                "docs/settings.md is stale; regenerate with: " + SettingsDoc.REGENERATE);
    }

    @Test
    void everySettingAndFlagIsDocumented() {
        String doc = SettingsDoc.render();
        for (Setting<?> setting : Settings.ALL) {
            assertTrue(doc.contains("### `" + setting.name() + "`"), setting.name());
            for (String flag : setting.flags()) {
                assertTrue(doc.contains("`" + flag), setting.name() + " " + flag);
            }
            if (setting.environmentVariable() != null) {
                assertTrue(doc.contains("`" + setting.environmentVariable() + "` sets the default"), setting.name());
            }
        }
        for (Section section : Section.values()) {
            boolean used = Settings.ALL.stream().anyMatch(s -> s.section() == section);
            assertEquals(used, doc.contains("## " + section.title() + "\n"), section.title());
        }
        assertTrue(doc.contains("## Exit codes"));
    }

    @Test
    void everyExitCodeIsDocumented() {
        String doc = SettingsDoc.render();
        for (dev.gateway.server.config.ExitCode exit : dev.gateway.server.config.ExitCode.values()) {
            assertTrue(doc.contains("\n| " + exit.code() + " | " + exit.meaning() + " |\n"), "exit code " + exit + " is not in the table");
        }
    }
}
