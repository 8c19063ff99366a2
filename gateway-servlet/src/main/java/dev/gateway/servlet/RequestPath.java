package dev.gateway.servlet;

import dev.gateway.servlet.mapping.PathCanonicalizer;
import dev.gateway.servlet.request.RequestUris;
import dev.gateway.spi.Environ;
import dev.gateway.spi.EnvironKeys;

/**
 * Where a request goes inside the application: its context path and its canonical context-relative path
 * (Servlet 6.1 section 3.5), or the status the container answers with when there is none.
 *
 * @param contextPath the request's context path: {@code SCRIPT_NAME}, or the configured one when the
 *                    server did not mount the application ({@code SCRIPT_NAME} empty)
 * @param path        the canonical path after the context path ({@code ""} for the context root itself),
 *                    or null when the request cannot be mapped
 * @param refusal     when {@code path} is null: 404 outside the context, 400 for a path section 3.5.2 refuses
 */
record RequestPath(String contextPath, String path, int refusal) {

    /** The path of {@code environ} for an application configured with {@code configuredContextPath}. */
    static RequestPath of(Environ environ, String configuredContextPath) {
        String scriptName = environ.scriptName() == null ? "" : environ.scriptName();
        String pathInfo = environ.pathInfo() == null ? "" : environ.pathInfo();
        if (configuredContextPath.isEmpty() || !scriptName.isEmpty()) {
            return canonical(environ, scriptName, pathInfo);
        }
        // Not mounted by the server: the application's own context path is the mount point.
        boolean inside = pathInfo.equals(configuredContextPath) || pathInfo.startsWith(configuredContextPath + "/");
        if (!inside) {
            return new RequestPath(configuredContextPath, null, 404);
        }
        return canonical(environ, configuredContextPath, pathInfo.substring(configuredContextPath.length()));
    }

    private static RequestPath canonical(Environ environ, String contextPath, String relative) {
        try {
            String raw = RequestUris.path(environ.getString(EnvironKeys.RAW_URI));
            return new RequestPath(contextPath, PathCanonicalizer.canonicalize(relative, raw), 0);
        } catch (PathCanonicalizer.BadPathException e) {
            return new RequestPath(contextPath, null, 400);
        }
    }
}
