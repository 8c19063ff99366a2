package dev.gateway.server.config;

/** The text of {@code --print-config}: every setting, its resolved value and where the value came from. */
public final class ConfigPrinter {

    /** Longer values push their source further right instead of widening every line. */
    private static final int MAX_VALUE_COLUMN = 32;

    private ConfigPrinter() {
    }

    /** One line per setting, in registry order: {@code name = value  (source)}. */
    public static String render(Config config) {
        int nameWidth = Settings.ALL.stream().mapToInt(s -> s.name().length()).max().orElse(0);
        int valueWidth = Math.min(MAX_VALUE_COLUMN,
                Settings.ALL.stream().mapToInt(s -> formatted(config, s).length()).max().orElse(0));
        StringBuilder text = new StringBuilder();
        for (Setting<?> setting : Settings.ALL) {
            text.append(String.format("%-" + nameWidth + "s = %-" + valueWidth + "s  (%s)%n",
                    setting.name(), formatted(config, setting), config.source(setting).label()));
        }
        return text.toString();
    }

    private static <T> String formatted(Config config, Setting<T> setting) {
        return setting.format(config.get(setting));
    }
}
