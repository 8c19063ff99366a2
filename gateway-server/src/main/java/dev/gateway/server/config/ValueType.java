package dev.gateway.server.config;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * How a setting's value is read from text (command line, config file, environment) and written back
 * (--print-config, docs). {@link #parse} throws {@link IllegalArgumentException} with a short reason.
 *
 * @param <T> the Java type of the value
 */
public interface ValueType<T> {

    /** Reads a value; throws IllegalArgumentException("is not an integer") and the like. */
    T parse(String text);

    /** Writes a value the way {@link #parse} reads it. */
    default String format(T value) {
        return String.valueOf(value);
    }

    /** True for on/off flags that take no argument on the command line and have a --no- form. */
    default boolean isSwitch() {
        return false;
    }

    /** The words a choice accepts, in order; empty for any other type. */
    default List<String> choices() {
        return List.of();
    }

    /** True when the value is a list that repeated flags add to. */
    default boolean isList() {
        return false;
    }

    /** A whole number. */
    ValueType<Integer> INTEGER = text -> {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("is not an integer");
        }
    };

    /** Free text. */
    ValueType<String> STRING = text -> text;

    /**
     * {@code true}/{@code false} (also yes/no, on/off, 1/0) in a config file; on the command line a
     * switch, {@code --NAME} for true and {@code --no-NAME} for false.
     */
    ValueType<Boolean> BOOLEAN = new ValueType<>() {
        @Override
        public Boolean parse(String text) {
            return switch (text.trim().toLowerCase(Locale.ROOT)) {
                case "true", "yes", "on", "1" -> true;
                case "false", "no", "off", "0" -> false;
                default -> throw new IllegalArgumentException("is not a boolean (true or false)");
            };
        }

        @Override
        public boolean isSwitch() {
            return true;
        }
    };

    /** A list: each flag occurrence adds one item; in a config file, items are separated by commas. */
    ValueType<List<String>> STRING_LIST = new ValueType<>() {
        @Override
        public List<String> parse(String text) {
            return Arrays.stream(text.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        }

        @Override
        public String format(List<String> value) {
            return String.join(",", value);
        }

        @Override
        public boolean isList() {
            return true;
        }
    };

    /** One of an enum's constants, written as its {@link Choice#word()}. */
    static <E extends Enum<E> & Choice> ValueType<E> choice(Class<E> type) {
        List<E> constants = List.of(type.getEnumConstants());
        List<String> words = constants.stream().map(Choice::word).toList();
        return new ValueType<>() {
            @Override
            public E parse(String text) {
                String word = text.trim().toLowerCase(Locale.ROOT);
                for (E constant : constants) {
                    if (constant.word().equals(word)) {
                        return constant;
                    }
                }
                throw new IllegalArgumentException("is not one of " + String.join(", ", words));
            }

            @Override
            public String format(E value) {
                return value.word();
            }

            @Override
            public List<String> choices() {
                return words;
            }
        };
    }

    /** One of a fixed set of words. */
    static ValueType<String> choice(String... choices) {
        List<String> allowed = List.of(choices);
        return new ValueType<>() {
            @Override
            public String parse(String text) {
                String value = text.trim().toLowerCase(Locale.ROOT);
                if (!allowed.contains(value)) {
                    throw new IllegalArgumentException("is not one of " + String.join(", ", allowed));
                }
                return value;
            }

            @Override
            public List<String> choices() {
                return allowed;
            }
        };
    }
}
