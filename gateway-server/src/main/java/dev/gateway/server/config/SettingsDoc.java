package dev.gateway.server.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Renders docs/settings.md from the registry, as Gunicorn's build_settings_doc.py does, so the
 * reference cannot drift from the code. {@code SettingsDocTest} fails when the committed file differs
 * from a fresh render, and rewrites it when run with {@code -Dgateway.docs.write=true}.
 */
public final class SettingsDoc {

    /** How to regenerate the file; printed in its header. */
    public static final String REGENERATE = "mvn -B -q -pl gateway-server -am test -Dtest=SettingsDocTest "
            + "-Dsurefire.failIfNoSpecifiedTests=false -Dgateway.docs.write=true";

    private SettingsDoc() {
    }

    /** Writes the reference to the path given as the only argument. */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: SettingsDoc OUTPUT.md");
            System.exit(2);
        }
        Files.writeString(Path.of(args[0]), render(), StandardCharsets.UTF_8);
    }

    /** The whole of docs/settings.md. */
    public static String render() {
        List<String> lines = new ArrayList<>();
        lines.add("# Settings");
        lines.add("");
        lines.add("<!-- Generated from gateway-server/src/main/java/dev/gateway/server/config/Settings.java by");
        lines.add("     config/SettingsDoc; do not edit by hand. Regenerate from the repository root with:");
        lines.add("     " + REGENERATE + " -->");
        lines.add("");
        lines.addAll(introduction());
        lines.addAll(exitCodes());
        for (Section section : Section.values()) {
            lines.addAll(section(section));
        }
        return String.join("\n", lines) + "\n";
    }

    private static List<String> introduction() {
        return List.of(
                "Every setting has one name, used as its config-file key and by `--print-config`. Values",
                "come from these sources; each one overrides those above it:",
                "",
                "1. the built-in default;",
                "2. the environment, for the two variables Gunicorn honours: `PORT` (the default `bind`",
                "   becomes `0.0.0.0:$PORT`) and `WEB_CONCURRENCY` (the default `workers`);",
                "3. the config file given with `-c/--config FILE`: Java properties keyed by setting name,",
                "   values written as on the command line, list items separated by commas. A key that names",
                "   no setting is an error;",
                "4. `" + ConfigLoader.CMD_ARGS + "`: arguments parsed exactly like the command line",
                "   (split like a shell would: quotes and backslashes, no expansion);",
                "5. the command line.",
                "",
                "A boolean is a switch on the command line and in `" + ConfigLoader.CMD_ARGS + "`: `--NAME` turns",
                "it on and `--no-NAME` turns it off (the last one given wins); `--NAME=false` is refused. In",
                "the config file it is `name = true` or `name = false`.",
                "",
                "A list given by a higher source replaces the lower one's list instead of extending it.",
                "`--print-config` shows every resolved value and its source; `--check-config` loads the",
                "configuration and the application, then exits.",
                "",
                "```properties",
                "# gateway.properties, used as: gateway -c gateway.properties",
                "wsgi_app = com.example.App",
                "classpath = build/libs/*",
                "bind = 0.0.0.0:8000",
                "workers = 4",
                "```",
                "");
    }

    private static List<String> exitCodes() {
        List<String> lines = new ArrayList<>(List.of("## Exit codes", "", "| code | meaning |", "| --- | --- |"));
        for (ExitCode exit : ExitCode.values()) {
            lines.add("| " + exit.code() + " | " + exit.meaning() + " |");
        }
        lines.addAll(List.of(
                "",
                "Errors are one line on stderr, `gateway: error: ...`; a stack trace follows only with",
                "`--log-level debug`.",
                ""));
        return lines;
    }

    private static List<String> section(Section section) {
        List<Setting<?>> settings = Settings.ALL.stream().filter(s -> s.section() == section).toList();
        if (settings.isEmpty()) {
            return List.of();
        }
        List<String> lines = new ArrayList<>();
        lines.add("## " + section.title());
        lines.add("");
        for (Setting<?> setting : settings) {
            lines.addAll(setting(setting));
        }
        return lines;
    }

    private static List<String> setting(Setting<?> setting) {
        List<String> lines = new ArrayList<>();
        lines.add("### `" + setting.name() + "`");
        lines.add("");
        lines.add("| | |");
        lines.add("| --- | --- |");
        lines.add("| command line | " + commandLine(setting) + " |");
        lines.add("| config file | " + (setting.inConfigFile() ? "`" + setting.name() + " = " + metavar(setting) + "`" : "no") + " |");
        if (setting.environmentVariable() != null) {
            lines.add("| environment | `" + setting.environmentVariable() + "` sets the default |");
        }
        lines.add("| default | " + defaultText(setting) + " |");
        lines.add("");
        lines.add(setting.summary());
        if (!setting.description().isEmpty()) {
            lines.add("");
            lines.addAll(setting.description().lines().map(String::strip).toList());
        }
        lines.add("");
        return lines;
    }

    private static String commandLine(Setting<?> setting) {
        if (setting == Settings.WSGI_APP) {
            return "`APP` (the positional argument)";
        }
        if (setting.flags().isEmpty()) {
            return "no";
        }
        String value = setting.type().isSwitch() ? "" : setting.flagAlone() != null ? " [" + metavar(setting) + "]" : " " + metavar(setting);
        List<String> forms = Stream.concat(setting.flags().stream(), setting.negatedFlags().stream())
                .map(flag -> "`" + flag + value + "`").toList();
        return String.join(", ", forms) + (setting.type().isList() ? " (repeatable)" : "");
    }

    private static String metavar(Setting<?> setting) {
        if (setting.type().isSwitch()) {
            // Written in a table cell, where a bare | would end the cell even inside a code span.
            return "true\\|false";
        }
        return setting.metavar() == null ? "VALUE" : setting.metavar();
    }

    private static <T> String defaultText(Setting<T> setting) {
        T value = setting.defaultValue();
        if (value == null) {
            return "none";
        }
        String text = setting.format(value);
        return text.isEmpty() ? "empty" : "`" + text + "`";
    }
}
