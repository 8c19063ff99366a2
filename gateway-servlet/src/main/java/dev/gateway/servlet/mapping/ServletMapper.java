package dev.gateway.servlet.mapping;

import jakarta.servlet.http.MappingMatch;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Maps a context-relative path to a servlet by the rules of Jakarta Servlet 6.1 section 12.1, in this
 * order: the context root {@code ""} for {@code /}, an exact match, the longest path prefix
 * {@code /p/*}, an extension {@code *.ext} of the last segment, and finally the default servlet
 * {@code /}. Matching is case-sensitive (section 12.1). {@link #add} is only called during deployment,
 * before requests arrive (registration closes when the context starts, section 4.4); the server hands
 * each request to its thread after that, so {@link #match} reads without a lock.
 *
 * @param <T> the type of what a pattern maps to
 */
public final class ServletMapper<T> {

    private record Entry<T>(T target, String name, UrlPattern pattern) {
    }

    private final Map<String, Entry<T>> exact = new HashMap<>();
    private final List<Entry<T>> prefixes = new ArrayList<>();
    private final Map<String, Entry<T>> extensions = new HashMap<>();
    private Entry<T> defaultServlet;
    private Entry<T> contextRoot;

    /**
     * Maps {@code pattern} to {@code target}.
     *
     * @return false when the pattern is mapped already (section 12.2: a pattern maps to one servlet)
     */
    public synchronized boolean add(String pattern, String servletName, T target) {
        UrlPattern parsed = UrlPattern.parse(pattern);
        Entry<T> entry = new Entry<>(target, servletName, parsed);
        switch (parsed.kind()) {
            case CONTEXT_ROOT -> {
                if (contextRoot != null) {
                    return false;
                }
                contextRoot = entry;
            }
            case DEFAULT -> {
                if (defaultServlet != null) {
                    return false;
                }
                defaultServlet = entry;
            }
            case EXACT -> {
                return exact.putIfAbsent(pattern, entry) == null;
            }
            case EXTENSION -> {
                return extensions.putIfAbsent(parsed.extension(), entry) == null;
            }
            case PATH -> {
                if (prefixes.stream().anyMatch(e -> e.pattern().pattern().equals(pattern))) {
                    return false;
                }
                prefixes.add(entry);
                // Longest prefix first: the first match found is the longest (section 12.1, rule 2).
                prefixes.sort(Comparator.comparingInt((Entry<T> e) -> e.pattern().prefix().length()).reversed());
            }
        }
        return true;
    }

    /** True when {@code pattern} is mapped to some servlet. */
    public synchronized boolean isMapped(String pattern) {
        UrlPattern parsed = UrlPattern.parse(pattern);
        return switch (parsed.kind()) {
            case CONTEXT_ROOT -> contextRoot != null;
            case DEFAULT -> defaultServlet != null;
            case EXACT -> exact.containsKey(pattern);
            case EXTENSION -> extensions.containsKey(parsed.extension());
            case PATH -> prefixes.stream().anyMatch(e -> e.pattern().pattern().equals(pattern));
        };
    }

    /**
     * Finds the servlet for {@code path}, a canonical context-relative path starting with {@code /}
     * ({@code ""} is taken as {@code /}).
     *
     * @return the match, or null when no pattern matches (no default servlet mapped)
     */
    public ServletMatch<T> match(String path) {
        String p = path.isEmpty() ? "/" : path;
        if (p.equals("/") && contextRoot != null) {
            // Section 12.2: "" maps the context root; servlet path "", path info "/".
            return result(contextRoot, "", "/", "");
        }
        Entry<T> hit = exact.get(p);
        if (hit != null) {
            return result(hit, p, null, p.substring(1));
        }
        for (Entry<T> entry : prefixes) {
            String prefix = entry.pattern().prefix();
            if (UrlPattern.matchesPrefix(p, prefix)) {
                String pathInfo = p.length() > prefix.length() ? p.substring(prefix.length()) : null;
                return result(entry, prefix, pathInfo, pathInfo == null ? "" : pathInfo.substring(1));
            }
        }
        String extension = UrlPattern.extensionOf(p);
        hit = extension.isEmpty() ? null : extensions.get(extension);
        if (hit != null) {
            return result(hit, p, null, p.substring(1, p.length() - extension.length() - 1));
        }
        if (defaultServlet != null) {
            return result(defaultServlet, p, null, "");
        }
        return null;
    }

    private static <T> ServletMatch<T> result(Entry<T> entry, String servletPath, String pathInfo, String matchValue) {
        MappingMatch kind = entry.pattern().kind();
        return new ServletMatch<>(entry.target(), entry.name(), entry.pattern().pattern(), kind, servletPath, pathInfo, matchValue);
    }
}
