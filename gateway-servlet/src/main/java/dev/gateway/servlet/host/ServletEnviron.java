package dev.gateway.servlet.host;

import dev.gateway.spi.server.EnvironBuilder;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletMapping;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.MappingMatch;
import java.io.PrintWriter;
import java.util.Collections;

/**
 * The environ of a request a Servlet container received, through the contract's one
 * {@link EnvironBuilder}, fed with what the container parsed: the request line as received (so
 * {@code PATH_INFO} is percent-decoded byte for byte by the same code as on gateway, not by the
 * container's decoder), every header, the addresses, and {@code SCRIPT_NAME} from where the container
 * mounted the servlet.
 */
final class ServletEnviron {

    private ServletEnviron() {
    }

    /**
     * The builder for {@code request}, ready to build.
     *
     * @param errors {@code gateway.errors}
     */
    static EnvironBuilder of(HttpServletRequest request, PrintWriter errors) {
        EnvironBuilder builder = new EnvironBuilder()
                .requestLine(request.getMethod(), rawTarget(request), request.getProtocol());
        for (String name : Collections.list(request.getHeaderNames())) {
            for (String value : Collections.list(request.getHeaders(name))) {
                builder.header(name, value);
            }
        }
        return builder.remote(request.getRemoteAddr(), request.getRemotePort())
                .local(request.getLocalAddr(), request.getLocalPort())
                .scheme(request.getScheme())
                .scriptName(scriptName(request))
                .input(new RequestInput(request))
                .errors(errors)
                // The container's thread pool plays the worker: many threads, one process.
                .concurrency(true, false);
    }

    /** The request target as on the request line: the container keeps the path undecoded in getRequestURI. */
    private static String rawTarget(HttpServletRequest request) {
        String query = request.getQueryString();
        return query == null ? request.getRequestURI() : request.getRequestURI() + "?" + query;
    }

    /**
     * Where the application is mounted: the context path, plus the servlet path of a path mapping
     * ({@code /api/*} serves {@code /api/x} with {@code SCRIPT_NAME} {@code /api}) or an exact one. The
     * default mapping {@code /} puts the whole path in the servlet path, which is still the
     * application's {@code PATH_INFO}. The context path is decoded as {@code PATH_INFO} is, so that the
     * one is a prefix of the other.
     */
    static String scriptName(HttpServletRequest request) {
        String script = EnvironBuilder.percentDecode(request.getContextPath());
        HttpServletMapping mapping = request.getHttpServletMapping();
        MappingMatch match = mapping == null ? null : mapping.getMappingMatch();
        if (match == MappingMatch.PATH || match == MappingMatch.EXACT) {
            script += request.getServletPath();
        }
        return script.endsWith("/") ? script.substring(0, script.length() - 1) : script;
    }

    /** The context whose log {@code gateway.errors} writes to. */
    static PrintWriter errors(ServletContext context) {
        return new PrintWriter(new ContextLogWriter(context), true);
    }
}
