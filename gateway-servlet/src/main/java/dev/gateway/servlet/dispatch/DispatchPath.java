package dev.gateway.servlet.dispatch;

import dev.gateway.servlet.deploy.GatewayServletContext;
import dev.gateway.servlet.deploy.ServletHolder;
import dev.gateway.servlet.mapping.PathCanonicalizer;
import dev.gateway.servlet.mapping.ServletMatch;
import dev.gateway.servlet.request.DispatchedRequest;
import dev.gateway.servlet.http.FormDecoder;
import java.nio.charset.StandardCharsets;

/**
 * A context-relative dispatch path with its optional query ({@code /target?x=1}), canonicalized and
 * decoded as Tomcat does for {@code getRequestDispatcher} (UTF-8), then mapped to its servlet.
 *
 * @param rawPath the path as given (not decoded)
 * @param path    the canonical, decoded path mapping uses
 * @param query   the query, or null
 * @param match   the servlet the path maps to, or null when none does
 */
public record DispatchPath(String rawPath, String path, String query, ServletMatch<ServletHolder> match) {

    /** Parses and maps {@code pathAndQuery}; null when the path cannot be canonicalized. */
    public static DispatchPath of(GatewayServletContext context, String pathAndQuery) {
        int question = pathAndQuery.indexOf('?');
        String raw = question < 0 ? pathAndQuery : pathAndQuery.substring(0, question);
        String query = question < 0 ? null : pathAndQuery.substring(question + 1);
        String decoded = FormDecoder.unescape(raw.replace("+", "%2B"), StandardCharsets.ISO_8859_1);
        String canonical;
        try {
            canonical = PathCanonicalizer.canonicalize(decoded, raw);
        } catch (PathCanonicalizer.BadPathException e) {
            return null;
        }
        return new DispatchPath(raw, canonical, query, context.mapper().match(canonical));
    }

    /** The paths a dispatched request reports for this target. */
    public DispatchedRequest.Target target(String contextPath) {
        return new DispatchedRequest.Target(contextPath + rawPath, match.servletPath(), match.pathInfo(), query, match);
    }
}
