package dev.gateway.server.config;

/**
 * One value for one setting as the user wrote it, before it is parsed: from a config file line or a
 * command-line flag.
 *
 * @param setting the setting it is for
 * @param text    the value as written (list items joined by commas)
 * @param where   how the user named it, for error messages: {@code --workers}, {@code workers in app.properties}
 */
public record SettingValue(Setting<?> setting, String text, String where) {
}
