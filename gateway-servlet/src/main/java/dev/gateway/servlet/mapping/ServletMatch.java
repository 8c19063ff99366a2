package dev.gateway.servlet.mapping;

import jakarta.servlet.http.HttpServletMapping;
import jakarta.servlet.http.MappingMatch;

/**
 * The result of mapping a request path to a servlet (Servlet 6.1 section 12.1): which servlet, its
 * servlet path and path info, and the {@link HttpServletMapping} the request reports.
 *
 * @param target      what the mapping registered (the container's servlet holder)
 * @param servletName the servlet's name
 * @param pattern     the url-pattern that matched
 * @param kind        the kind of match
 * @param servletPath {@code getServletPath()}: never null, {@code ""} for {@code /*} and the context root
 * @param pathInfo    {@code getPathInfo()}: null when the whole path was the servlet path
 * @param matchValue  {@link HttpServletMapping#getMatchValue()}
 * @param <T>         the type of the registered target
 */
public record ServletMatch<T>(T target, String servletName, String pattern, MappingMatch kind, String servletPath,
                              String pathInfo, String matchValue) implements HttpServletMapping {

    @Override
    public String getMatchValue() {
        return matchValue;
    }

    @Override
    public String getPattern() {
        return pattern;
    }

    @Override
    public String getServletName() {
        return servletName;
    }

    @Override
    public MappingMatch getMappingMatch() {
        return kind;
    }
}
