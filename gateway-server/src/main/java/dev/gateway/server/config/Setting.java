package dev.gateway.server.config;

import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * One setting, declared once in {@link Settings}: its name (Gunicorn's where one exists), section,
 * command-line flags, type, default, validator, and documentation. The command line, the config file,
 * the environment, {@code --print-config} and docs/settings.md are all derived from these
 * declarations.
 *
 * @param <T> the Java type of the value
 */
public final class Setting<T> {

    private final String name;
    private final Section section;
    private final List<String> flags;
    private final String metavar;
    private final ValueType<T> type;
    private final T defaultValue;
    private final Validator<T> validator;
    private final String summary;
    private final String description;
    private final String environmentVariable;
    private final UnaryOperator<String> fromEnvironment;
    private final boolean inConfigFile;
    private final String flagAlone;

    private Setting(Builder<T> b) {
        this.name = Objects.requireNonNull(b.name);
        this.section = Objects.requireNonNull(b.section, () -> name + ": section");
        this.flags = List.copyOf(b.flags);
        this.metavar = b.metavar;
        this.type = b.type;
        this.defaultValue = b.defaultValue;
        this.validator = b.validator;
        this.summary = Objects.requireNonNull(b.summary, () -> name + ": summary");
        this.description = b.description == null ? "" : b.description.strip();
        this.environmentVariable = b.environmentVariable;
        this.fromEnvironment = b.fromEnvironment;
        this.inConfigFile = b.inConfigFile;
        this.flagAlone = b.flagAlone;
        if (flagAlone != null && !type.choices().contains(flagAlone)) {
            throw new IllegalArgumentException(name + ": a flag alone must mean one of its choices");
        }
        if (type.isSwitch() && !flags.isEmpty()) {
            checkSwitchFlags();
        }
    }

    /**
     * A switch is turned off by the --no- form of its last flag, which a short flag does not have; a
     * flag that already starts with --no- would be negated to the plain form (picocli's rule).
     */
    private void checkSwitchFlags() {
        if (!displayFlag().startsWith("--") || flags.stream().anyMatch(flag -> flag.startsWith("--no-"))) {
            throw new IllegalArgumentException(name + ": a switch needs a long last flag, and none starting with --no-");
        }
    }

    /** Starts a declaration of a setting named {@code name} (snake_case, the config-file key). */
    public static <T> Builder<T> builder(String name, ValueType<T> type) {
        return new Builder<>(name, type);
    }

    /** The config-file key, e.g. {@code worker_class}. */
    public String name() {
        return name;
    }

    /** Where the setting is listed. */
    public Section section() {
        return section;
    }

    /** The command-line flags, e.g. {@code -k}, {@code --worker-class}; empty for file-only settings. */
    public List<String> flags() {
        return flags;
    }

    /**
     * The flags that turn a switch off, {@code --no-require-host} for {@code --require-host}, one for
     * each long flag, as picocli derives them for a negatable option; empty for any other setting.
     */
    public List<String> negatedFlags() {
        if (!type.isSwitch()) {
            return List.of();
        }
        return flags.stream().filter(flag -> flag.startsWith("--")).map(flag -> "--no-" + flag.substring(2)).toList();
    }

    /** The placeholder for the value in help text, e.g. {@code INT}. */
    public String metavar() {
        return metavar;
    }

    /** How the value is read and written. */
    public ValueType<T> type() {
        return type;
    }

    /** The built-in default. */
    public T defaultValue() {
        return defaultValue;
    }

    /** One line for {@code --help}. */
    public String summary() {
        return summary;
    }

    /** The longer description for docs/settings.md. */
    public String description() {
        return description;
    }

    /**
     * The environment variable that, when set, replaces the built-in default (Gunicorn honours
     * {@code PORT} and {@code WEB_CONCURRENCY} this way), or null.
     */
    public String environmentVariable() {
        return environmentVariable;
    }

    /**
     * The environment variable's value as this setting's text, e.g. {@code 0.0.0.0:8080} for
     * {@code PORT=8080}.
     *
     * @throws IllegalArgumentException with a short reason when the variable's value is unusable
     */
    public String fromEnvironment(String variableValue) {
        return fromEnvironment.apply(variableValue);
    }

    /**
     * The value the flag means when no choice follows it ({@code --proxy-protocol} alone is
     * {@code auto}, as in Gunicorn), or null when the flag always takes a value.
     */
    public String flagAlone() {
        return flagAlone;
    }

    /** False for settings that make no sense inside a config file, such as the config file itself. */
    public boolean inConfigFile() {
        return inConfigFile;
    }

    /**
     * Reads and validates a value given as text.
     *
     * @param text  the value as written
     * @param where how the user named the setting, for the message: {@code --workers} or {@code workers}
     * @throws ConfigException with a one-line message naming the setting and the value
     */
    public T parse(String text, String where) {
        T value;
        try {
            value = type.parse(text);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("invalid value for " + where + ": '" + text + "' " + e.getMessage());
        }
        return validate(value, text, where);
    }

    /** Validates a value given as an object (embedding API, defaults). */
    public T validate(T value, String text, String where) {
        String problem = validator.check(value);
        if (problem != null) {
            throw new ConfigException("invalid value for " + where + ": '" + text + "' " + problem);
        }
        return value;
    }

    /** The value written as text. */
    public String format(T value) {
        return value == null ? "" : type.format(value);
    }

    /** The longest flag, e.g. {@code --worker-class}, or the name when there is none. */
    public String displayFlag() {
        return flags.isEmpty() ? name : flags.get(flags.size() - 1);
    }

    @Override
    public String toString() {
        return name;
    }

    /**
     * Builds a {@link Setting}.
     *
     * @param <T> the value type
     */
    public static final class Builder<T> {
        private final String name;
        private final ValueType<T> type;
        private Section section;
        private List<String> flags = List.of();
        private String metavar;
        private T defaultValue;
        private Validator<T> validator = Validator.any();
        private String summary;
        private String description;
        private String environmentVariable;
        private UnaryOperator<String> fromEnvironment;
        private boolean inConfigFile = true;
        private String flagAlone;

        private Builder(String name, ValueType<T> type) {
            this.name = name;
            this.type = type;
        }

        public Builder<T> section(Section section) {
            this.section = section;
            return this;
        }

        public Builder<T> cli(String... flags) {
            this.flags = List.of(flags);
            return this;
        }

        public Builder<T> metavar(String metavar) {
            this.metavar = metavar;
            return this;
        }

        public Builder<T> defaultValue(T value) {
            this.defaultValue = value;
            return this;
        }

        public Builder<T> validator(Validator<T> validator) {
            this.validator = validator;
            return this;
        }

        public Builder<T> summary(String summary) {
            this.summary = summary;
            return this;
        }

        public Builder<T> description(String description) {
            this.description = description;
            return this;
        }

        /**
         * Lets the environment variable {@code variable}, when set, replace the built-in default;
         * {@code toText} turns its value into this setting's text and may throw
         * IllegalArgumentException with a short reason.
         */
        public Builder<T> environmentDefault(String variable, UnaryOperator<String> toText) {
            this.environmentVariable = variable;
            this.fromEnvironment = toText;
            return this;
        }

        /** Refuses the setting as a config-file key. */
        public Builder<T> notInConfigFile() {
            this.inConfigFile = false;
            return this;
        }

        /** Lets the flag of a choice stand alone, meaning {@code value}: {@code --flag [CHOICE]}. */
        public Builder<T> flagAlone(String value) {
            this.flagAlone = value;
            return this;
        }

        /** Finishes the declaration; {@link Settings} registers it. */
        public Setting<T> build() {
            return new Setting<>(this);
        }
    }
}
