package dev.gateway.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Rules every declaration in the registry keeps, as Gunicorn's test_config checks its settings. */
class SettingsTest {

    @Test
    void everyDefaultPassesItsOwnValidatorAndSurvivesAFormatParseRoundTrip() {
        for (Setting<?> setting : Settings.ALL) {
            checkDefault(setting);
        }
    }

    private static <T> void checkDefault(Setting<T> setting) {
        T value = setting.defaultValue();
        if (value == null) {
            return;
        }
        String text = setting.format(value);
        setting.validate(value, text, setting.name());
        assertEquals(value, setting.parse(text, setting.name()), setting.name());
    }

    @Test
    void everySwitchWithFlagsHasANoFormAndNoOtherTypeHasOne() {
        for (Setting<?> setting : Settings.ALL) {
            boolean negatable = setting.type().isSwitch() && !setting.flags().isEmpty();
            assertEquals(negatable, !setting.negatedFlags().isEmpty(), setting.name());
            for (String flag : setting.negatedFlags()) {
                assertTrue(flag.matches("--no-[a-z][a-z0-9-]*") && setting.flags().contains("--" + flag.substring(5)), flag);
            }
        }
    }

    @Test
    void namesAndFlagsAreUniqueAndWellFormed() {
        Set<String> names = new HashSet<>();
        Set<String> flags = new HashSet<>();
        for (Setting<?> setting : Settings.ALL) {
            assertTrue(setting.name().matches("[a-z][a-z0-9_]*"), setting.name());
            assertTrue(names.add(setting.name()), "duplicate name " + setting.name());
            for (String flag : setting.flags()) {
                assertTrue(flag.matches("-[a-zA-Z]|--[a-z][a-z0-9-]*"), flag);
                assertTrue(flags.add(flag), "duplicate flag " + flag);
            }
            // A switch's --no- form must not be taken by another flag either.
            for (String flag : setting.negatedFlags()) {
                assertTrue(flags.add(flag), "duplicate flag " + flag);
            }
            assertFalse(setting.summary().isBlank(), setting.name());
            assertFalse(setting.summary().contains("\n"), setting.name());
        }
    }
}
