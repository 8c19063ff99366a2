package dev.gateway.servlet.mapping;

import jakarta.servlet.http.MappingMatch;

/**
 * A url-pattern of a servlet or filter mapping, classified as the Jakarta Servlet 6.1 specification,
 * section 12.2 "Specification of Mappings", defines it.
 *
 * @param pattern the pattern as declared, e.g. {@code /api/*}, {@code *.jsp}, {@code /}, {@code ""}
 * @param kind    which of the five kinds it is
 */
public record UrlPattern(String pattern, MappingMatch kind) {

    /**
     * Classifies {@code pattern} (section 12.2): {@code ""} is the context root, {@code /} the default
     * servlet, {@code /.../*} a path prefix, {@code *.ext} an extension, any other pattern starting with
     * {@code /} an exact match (a {@code *} inside included).
     *
     * @throws IllegalArgumentException for a pattern of none of these forms
     */
    public static UrlPattern parse(String pattern) {
        if (pattern == null) {
            throw new IllegalArgumentException("url-pattern is null");
        }
        if (pattern.isEmpty()) {
            return new UrlPattern(pattern, MappingMatch.CONTEXT_ROOT);
        }
        if (pattern.equals("/")) {
            return new UrlPattern(pattern, MappingMatch.DEFAULT);
        }
        if (pattern.startsWith("/") && pattern.endsWith("/*")) {
            return new UrlPattern(pattern, MappingMatch.PATH);
        }
        if (pattern.startsWith("*.") && pattern.length() > 2 && pattern.indexOf('/') < 0) {
            return new UrlPattern(pattern, MappingMatch.EXTENSION);
        }
        if (pattern.startsWith("/")) {
            // Section 12.2: "All other strings are used for exact matches only", a * in them included.
            return new UrlPattern(pattern, MappingMatch.EXACT);
        }
        throw new IllegalArgumentException("invalid url-pattern \"" + pattern + "\" (Servlet 6.1 section 12.2)");
    }

    /** For a {@code /prefix/*} pattern, the prefix without {@code /*} ({@code ""} for {@code /*}). */
    public String prefix() {
        return pattern.substring(0, pattern.length() - 2);
    }

    /** For a {@code *.ext} pattern, {@code ext}. */
    public String extension() {
        return pattern.substring(2);
    }

    /**
     * True when {@code path} (context-relative, starting with {@code /}) matches this pattern, as filter
     * mappings use it (section 6.2.4 applies the rules of chapter 12 to filters; the default pattern
     * {@code /} matches every path, and the context root only {@code /}).
     */
    public boolean matches(String path) {
        return switch (kind) {
            case EXACT -> path.equals(pattern);
            case PATH -> matchesPrefix(path, prefix());
            case EXTENSION -> extensionOf(path).equals(extension());
            case DEFAULT -> true;
            case CONTEXT_ROOT -> path.equals("/") || path.isEmpty();
        };
    }

    /** True when {@code path} is {@code prefix} or starts with {@code prefix + "/"}. */
    static boolean matchesPrefix(String path, String prefix) {
        return path.equals(prefix) || path.startsWith(prefix) && path.length() > prefix.length()
                && path.charAt(prefix.length()) == '/' || prefix.isEmpty();
    }

    /** The extension of the last segment of {@code path} (after its last dot), or {@code ""} when it has none. */
    static String extensionOf(String path) {
        int slash = path.lastIndexOf('/');
        int dot = path.lastIndexOf('.');
        return dot > slash ? path.substring(dot + 1) : "";
    }
}
