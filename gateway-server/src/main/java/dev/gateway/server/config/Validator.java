package dev.gateway.server.config;

/**
 * Checks a parsed value: returns null when it is acceptable, else a short reason that completes the
 * sentence "invalid value for --flag: 'VALUE' ..." (e.g. "must be at least 1").
 *
 * @param <T> the value type
 */
@FunctionalInterface
public interface Validator<T> {

    /** The reason the value is refused, or null. */
    String check(T value);

    /** Accepts everything. */
    static <T> Validator<T> any() {
        return value -> null;
    }

    /** A number at least {@code min}. */
    static Validator<Integer> atLeast(int min) {
        return value -> value >= min ? null : "must be at least " + min;
    }

    /** A number from {@code min} to {@code max}. */
    static Validator<Integer> between(int min, int max) {
        return value -> value >= min && value <= max ? null : "must be between " + min + " and " + max;
    }

    /** A path naming an existing folder (relative paths against the folder the server started in). */
    static Validator<String> existingDirectory() {
        return value -> java.nio.file.Files.isDirectory(java.nio.file.Path.of(value)) ? null : "is not an existing directory";
    }

    /** Empty, or a path naming an existing regular file. */
    static Validator<String> existingFileOrEmpty() {
        return value -> value.isEmpty() || java.nio.file.Files.isRegularFile(java.nio.file.Path.of(value)) ? null : "is not an existing file";
    }
}
