package dev.gateway.server.cli;

import dev.gateway.server.config.Version;
import dev.gateway.server.config.Section;
import dev.gateway.server.config.Setting;
import dev.gateway.server.config.SettingValue;
import dev.gateway.server.config.Settings;
import dev.gateway.server.config.Suggestions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.Model.UsageMessageSpec;
import picocli.CommandLine.ParseResult;

/**
 * The {@code gateway [OPTIONS] [APP]} command line, generated from the settings registry: one option
 * per setting, with the setting's flags, placeholder and summary, listed under its section in
 * {@code --help}. Options carry no picocli default, so a flag the user did not give leaves the value
 * from lower-precedence sources alone. A boolean is a switch: {@code --NAME} turns it on,
 * {@code --NAME=VALUE} is refused, and {@code --no-NAME} turns it off, so that a setting whose
 * default is true can be turned off. The same parser reads {@code GATEWAY_CMD_ARGS}.
 */
public final class GatewayCommand {

    private GatewayCommand() {
    }

    /**
     * What one command line (or {@code GATEWAY_CMD_ARGS}) named, not yet parsed into values.
     *
     * @param values  the settings it gave, APP included as {@code wsgi_app}
     * @param help    {@code -h/--help} was given
     * @param version {@code -v/--version} (or {@code -V}) was given
     */
    public record Arguments(List<SettingValue> values, boolean help, boolean version) {
    }

    /** picocli's standard pair, with Gunicorn's -v for the version (and picocli's -V still taken). */
    private static final String[] HELP_FLAGS = {"-h", "--help"};
    private static final String[] VERSION_FLAGS = {"-v", "-V", "--version"};

    /**
     * Whether {@code args} name {@code --help} or {@code --version}, looked at before parsing: a
     * command that only prints needs no logging set up (Main). A value that happens to read like one
     * of them makes a wrong guess, which costs time, never behaviour.
     */
    public static boolean mayOnlyPrint(List<String> args) {
        for (String arg : args) {
            if (List.of(HELP_FLAGS).contains(arg) || List.of(VERSION_FLAGS).contains(arg)) {
                return true;
            }
        }
        return false;
    }

    /** Builds the picocli model of the command. */
    public static CommandSpec spec() {
        CommandSpec spec = CommandSpec.create()
                .name("gateway")
                .version("gateway " + Version.VERSION);
        spec.addOption(OptionSpec.builder(HELP_FLAGS).usageHelp(true)
                .description("Show this help message and exit.").build());
        spec.addOption(OptionSpec.builder(VERSION_FLAGS).versionHelp(true)
                .description("Print version information and exit.").build());
        for (Setting<?> setting : Settings.ALL) {
            if (!setting.flags().isEmpty()) {
                spec.addOption(option(setting));
            }
        }
        spec.addPositional(PositionalParamSpec.builder()
                .paramLabel("APP")
                .type(String.class)
                .arity("0..1")
                .description("CLASS (public no-arg constructor), CLASS:field or CLASS:method (static, no arguments); "
                        + "may come from the config file as wsgi_app instead.")
                .build());
        describeUsage(spec.usageMessage());
        return spec;
    }

    private static OptionSpec option(Setting<?> setting) {
        OptionSpec.Builder option = OptionSpec.builder(setting.flags().toArray(String[]::new))
                .description(asFormat(setting.summary() + defaultNote(setting)))
                // Listed by section in the custom help sections below, not in the flat option list.
                .hidden(true);
        if (setting.type().isSwitch()) {
            // Without a default, picocli reads --NAME as true and --no-NAME as false; a picocli default
            // of true would invert both (its rule for negatable options). The registry's default
            // applies when neither is given, through the config loader like any other setting.
            return option.type(boolean.class).arity("0").negatable(true).build();
        }
        option.paramLabel(setting.metavar() == null ? "VALUE" : setting.metavar()).arity("1");
        if (setting.type().isList()) {
            return option.type(List.class).auxiliaryTypes(String.class).build();
        }
        return option.type(String.class).build();
    }

    /**
     * {@code text} as a picocli description, which is a format string: a {@code %} in it, such as
     * those of {@code %(h)s}, is doubled so that the help shows it as written.
     */
    private static String asFormat(String text) {
        return text.replace("%", "%%");
    }

    private static <T> String defaultNote(Setting<T> setting) {
        T value = setting.defaultValue();
        if (value == null) {
            return "";
        }
        String text = setting.format(value);
        return " [default: " + (text.isEmpty() ? "none" : text) + "]";
    }

    private static void describeUsage(UsageMessageSpec usage) {
        usage.customSynopsis("gateway [OPTIONS] [APP]")
                .width(100)
                .longOptionsMaxWidth(30)
                .description("Serve APP, a class implementing dev.gateway.spi.Application, over HTTP.")
                .optionListHeading("%nOther:%n")
                .footerHeading("%n")
                .footer("Sources, lowest precedence first: defaults, PORT and WEB_CONCURRENCY, the config file, "
                        + "GATEWAY_CMD_ARGS, the command line. Every setting and the exit codes: docs/settings.md.");
        List<String> keys = new ArrayList<>(List.of(
                UsageMessageSpec.SECTION_KEY_SYNOPSIS_HEADING, UsageMessageSpec.SECTION_KEY_SYNOPSIS,
                UsageMessageSpec.SECTION_KEY_DESCRIPTION_HEADING, UsageMessageSpec.SECTION_KEY_DESCRIPTION,
                UsageMessageSpec.SECTION_KEY_PARAMETER_LIST_HEADING, UsageMessageSpec.SECTION_KEY_PARAMETER_LIST));
        for (Section section : Section.values()) {
            String key = "section." + section.name();
            keys.add(key);
            usage.sectionMap().put(key, help -> sectionHelp(help, section));
        }
        keys.addAll(List.of(UsageMessageSpec.SECTION_KEY_OPTION_LIST_HEADING, UsageMessageSpec.SECTION_KEY_OPTION_LIST,
                UsageMessageSpec.SECTION_KEY_FOOTER_HEADING, UsageMessageSpec.SECTION_KEY_FOOTER));
        usage.sectionKeys(keys);
        // The same column widths in every section, computed over all options, hidden ones included.
        usage.sectionMap().put(UsageMessageSpec.SECTION_KEY_PARAMETER_LIST,
                help -> help.parameterList(layout(help), help.createDefaultParamLabelRenderer()));
        usage.sectionMap().put(UsageMessageSpec.SECTION_KEY_OPTION_LIST,
                help -> help.optionList(layout(help), null, help.createDefaultParamLabelRenderer()));
    }

    private static Help.Layout layout(Help help) {
        CommandSpec spec = help.commandSpec();
        // picocli sizes the columns over visible options only: measure visible copies of them all,
        // in a spec of their own, without which picocli cannot render a switch's --[no-] form.
        CommandSpec measured = CommandSpec.create().negatableOptionTransformer(spec.negatableOptionTransformer());
        spec.options().forEach(option -> measured.addOption(option.toBuilder().hidden(false).build()));
        return help.createDefaultLayout(measured.options(), spec.positionalParameters(), help.colorScheme());
    }

    private static String sectionHelp(Help help, Section section) {
        Help.Layout layout = layout(help);
        Help.IParamLabelRenderer labels = help.createDefaultParamLabelRenderer();
        boolean any = false;
        for (Setting<?> setting : Settings.ALL) {
            if (setting.section() == section && !setting.flags().isEmpty()) {
                layout.addOption(help.commandSpec().findOption(setting.flags().get(0)), labels);
                any = true;
            }
        }
        return any ? help.createHeading("%n" + section.title() + ":%n") + layout : "";
    }

    /**
     * Reads {@code args} into the values they name; validation of the values comes later.
     *
     * @throws UsageException for an unknown flag, a missing flag argument, a value given to a switch,
     *                        or a surplus argument
     */
    public static Arguments parse(List<String> args) {
        if (args.isEmpty()) {
            // Most starts: GATEWAY_CMD_ARGS unset. A second model of the command costs about 5 ms.
            return new Arguments(List.of(), false, false);
        }
        refuseSwitchValues(args);
        CommandLine commandLine = new CommandLine(spec())
                .setOverwrittenOptionsAllowed(true)
                .setExpandAtFiles(false);
        ParseResult result;
        try {
            result = commandLine.parseArgs(withFlagAloneValues(args).toArray(String[]::new));
        } catch (CommandLine.ParameterException e) {
            throw gunicornFlag(e).orElseGet(() -> new UsageException(oneLine(e)));
        }
        List<SettingValue> values = new ArrayList<>();
        for (Setting<?> setting : Settings.ALL) {
            if (!setting.flags().isEmpty()) {
                valueOf(result, setting, values);
            }
        }
        String app = result.matchedPositionalValue(0, null);
        if (app != null) {
            values.add(new SettingValue(Settings.WSGI_APP, app, "APP"));
        }
        return new Arguments(values, result.isUsageHelpRequested(), result.isVersionHelpRequested());
    }

    /**
     * Spells out the value of a flag that may stand alone ({@code --proxy-protocol} means
     * {@code --proxy-protocol auto}, as in Gunicorn) when no choice of it follows. picocli's own
     * optional value would take any word, the application's class name included.
     */
    private static List<String> withFlagAloneValues(List<String> args) {
        List<String> spelled = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--no-control-socket")) {
                // Gunicorn's flag for control_socket_disable; here the setting's value says it.
                spelled.addAll(List.of("--control-socket", "off"));
                continue;
            }
            spelled.add(arg);
            Setting<?> setting = flagAloneSetting(arg);
            boolean choiceFollows = i + 1 < args.size()
                    && setting != null && setting.type().choices().contains(args.get(i + 1).trim().toLowerCase(Locale.ROOT));
            if (setting != null && !choiceFollows) {
                spelled.add(setting.flagAlone());
            }
        }
        return spelled;
    }

    private static Setting<?> flagAloneSetting(String arg) {
        Setting<?> setting = settingWithFlag(arg);
        return setting != null && setting.flagAlone() != null ? setting : null;
    }

    /** The setting {@code flag} names, or null. */
    private static Setting<?> settingWithFlag(String flag) {
        for (Setting<?> setting : Settings.ALL) {
            if (setting.flags().contains(flag) || setting.negatedFlags().contains(flag)) {
                return setting;
            }
        }
        return null;
    }

    /**
     * Refuses {@code --NAME=VALUE} for a switch with a message naming its two forms: one way to say
     * on and one to say off, as with Gunicorn's flags. picocli refuses it too, but its message names
     * neither form, and its exception does not name the option to look them up.
     */
    private static void refuseSwitchValues(List<String> args) {
        for (String arg : args) {
            if (arg.equals("--")) {
                return; // what follows is the APP, whatever it looks like
            }
            int equals = arg.indexOf('=');
            Setting<?> setting = equals < 0 ? null : settingWithFlag(arg.substring(0, equals));
            if (setting != null && setting.type().isSwitch()) {
                throw new UsageException("option '" + arg.substring(0, equals) + "' takes no value: " + setting.displayFlag()
                        + " turns it on, " + setting.negatedFlags().getLast() + " turns it off");
            }
        }
    }

    private static void valueOf(ParseResult result, Setting<?> setting, List<SettingValue> values) {
        OptionSpec option = result.matchedOption(setting.flags().get(0));
        if (option == null) {
            return;
        }
        if (setting.type().isSwitch()) {
            values.add(switchValue(setting, option.getValue()));
            return;
        }
        String text;
        if (setting.type().isList()) {
            List<String> items = option.getValue();
            text = String.join(",", items);
        } else {
            text = option.getValue();
        }
        values.add(new SettingValue(setting, text, setting.displayFlag()));
    }

    /**
     * A switch's value, from the last of its forms given, named by that form: only {@code --no-NAME}
     * sets false.
     */
    private static SettingValue switchValue(Setting<?> setting, boolean on) {
        String where = on ? setting.displayFlag() : setting.negatedFlags().getLast();
        return new SettingValue(setting, String.valueOf(on), where);
    }

    /**
     * picocli's message on one line, with a suggestion for a mistyped flag (picocli's own suggestions
     * skip hidden options, and every setting's option is hidden from the flat list).
     */
    private static String oneLine(CommandLine.ParameterException e) {
        String message = e.getMessage().lines().findFirst().orElse("bad command line").strip();
        if (e instanceof CommandLine.UnmatchedArgumentException unmatched && !unmatched.getUnmatched().isEmpty()) {
            String first = unmatched.getUnmatched().get(0);
            String flag = first.contains("=") ? first.substring(0, first.indexOf('=')) : first;
            if (flag.startsWith("-")) {
                message += Suggestions.closest(flag, allFlags()).map(s -> " (did you mean " + s + "?)").orElse("");
            }
        }
        return message;
    }

    /**
     * A Gunicorn flag gateway does not have, among the arguments picocli could not match: one line that
     * says so and what to do instead, rather than "Unknown options" with a guess.
     */
    private static Optional<UsageException> gunicornFlag(CommandLine.ParameterException e) {
        if (e instanceof CommandLine.UnmatchedArgumentException unmatched) {
            for (String arg : unmatched.getUnmatched()) {
                Optional<GunicornFlags.Row> row = GunicornFlags.rowOf(arg);
                if (row.isPresent()) {
                    String flag = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
                    return Optional.of(new UsageException(GunicornFlags.message(flag, row.get()), false));
                }
            }
        }
        return Optional.empty();
    }

    private static List<String> allFlags() {
        return Settings.ALL.stream()
                .flatMap(setting -> Stream.concat(setting.flags().stream(), setting.negatedFlags().stream()))
                .toList();
    }

    /** The usage text. */
    public static String usage() {
        return new CommandLine(spec()).getUsageMessage();
    }
}
