package dev.gateway.servlet.deploy;

import dev.gateway.servlet.mapping.UrlPattern;
import jakarta.servlet.DispatcherType;
import java.util.EnumSet;
import java.util.List;

/**
 * One {@code addMappingFor...} call of a filter: the dispatcher types it applies to and either url-patterns
 * or servlet names (Servlet 6.1 section 6.2.4).
 *
 * @param filter          the filter
 * @param dispatcherTypes the dispatcher types (section 6.2.5)
 * @param urlPatterns     url-patterns matched against the dispatch's path
 * @param servletNames    servlet names; {@code *} matches every servlet
 */
public record FilterMapping(FilterHolder filter, EnumSet<DispatcherType> dispatcherTypes, List<UrlPattern> urlPatterns,
                            List<String> servletNames) {

    /** True when one of the url-patterns matches {@code path} for a dispatch of {@code type}. */
    public boolean matchesPath(DispatcherType type, String path) {
        if (!dispatcherTypes.contains(type)) {
            return false;
        }
        String p = path.isEmpty() ? "/" : path;
        return urlPatterns.stream().anyMatch(pattern -> pattern.matches(p));
    }

    /** True when one of the servlet names is {@code servletName} (or {@code *}) for a dispatch of {@code type}. */
    public boolean matchesServlet(DispatcherType type, String servletName) {
        return dispatcherTypes.contains(type) && servletName != null
                && servletNames.stream().anyMatch(name -> name.equals("*") || name.equals(servletName));
    }
}
