package dev.gateway.server.cli;

import dev.gateway.server.Version;
import dev.gateway.server.config.Config;
import dev.gateway.server.config.Setting;
import dev.gateway.server.config.Settings;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParseResult;

/**
 * The {@code gateway [OPTIONS] APP} command line, generated from the settings registry: one option
 * per setting, with the setting's flags, placeholder and summary. Options carry no picocli default,
 * so a flag the user did not give leaves the value from lower-precedence sources alone.
 */
public final class GatewayCommand {

    private GatewayCommand() {
    }

    /** What the command line asked for. */
    public record Invocation(Config config, String app, boolean help, boolean version) {
    }

    /** Builds the picocli model of the command. */
    public static CommandSpec spec() {
        CommandSpec spec = CommandSpec.create()
                .name("gateway")
                .version("gateway " + Version.VERSION)
                .mixinStandardHelpOptions(true);
        spec.usageMessage()
                .description("Serve APP, a class implementing dev.gateway.spi.Application, over HTTP.")
                .sortOptions(false);
        for (Setting<?> setting : Settings.ALL) {
            if (!setting.flags().isEmpty()) {
                spec.addOption(option(setting));
            }
        }
        spec.addPositional(PositionalParamSpec.builder()
                .paramLabel("APP")
                .type(String.class)
                .arity("1")
                .description("CLASS (public no-arg constructor), CLASS:field or CLASS:method (static, no arguments).")
                .build());
        return spec;
    }

    private static OptionSpec option(Setting<?> setting) {
        boolean isSwitch = setting.type().isSwitch();
        OptionSpec.Builder option = OptionSpec.builder(setting.flags().toArray(String[]::new))
                .description(setting.summary() + " [default: " + formatDefault(setting) + "]");
        if (isSwitch) {
            return option.type(boolean.class).arity("0").build();
        }
        option.paramLabel(setting.metavar() == null ? "VALUE" : setting.metavar()).arity("1");
        if (setting.type().isList()) {
            return option.type(List.class).auxiliaryTypes(String.class).build();
        }
        return option.type(String.class).build();
    }

    @SuppressWarnings("unchecked")
    private static <T> String formatDefault(Setting<T> setting) {
        return setting.format(setting.defaultValue());
    }

    /**
     * Parses {@code args} on top of {@code base}.
     *
     * @throws CommandLine.ParameterException for usage errors (unknown flag, missing APP)
     * @throws dev.gateway.server.config.ConfigException for bad values
     */
    public static Invocation parse(String[] args, Config base) {
        CommandLine commandLine = new CommandLine(spec());
        ParseResult result = commandLine.parseArgs(args);
        if (result.isUsageHelpRequested() || result.isVersionHelpRequested()) {
            return new Invocation(base, null, result.isUsageHelpRequested(), result.isVersionHelpRequested());
        }
        Config config = base;
        for (Setting<?> setting : Settings.ALL) {
            if (!setting.flags().isEmpty()) {
                config = apply(result, setting, config);
            }
        }
        String app = result.matchedPositionalValue(0, null);
        return new Invocation(config, app, false, false);
    }

    private static <T> Config apply(ParseResult result, Setting<T> setting, Config config) {
        OptionSpec option = result.matchedOption(setting.flags().get(0));
        if (option == null) {
            return config;
        }
        String where = setting.displayFlag();
        T value;
        if (setting.type().isSwitch()) {
            value = setting.parse("true", where);
        } else if (setting.type().isList()) {
            List<String> items = option.getValue();
            value = setting.parse(String.join(",", items), where);
        } else {
            value = setting.parse(option.<String>getValue(), where);
        }
        return config.with(setting, value, Config.Source.COMMAND_LINE);
    }

    /** The usage text. */
    public static String usage() {
        return new CommandLine(spec()).getUsageMessage();
    }
}
