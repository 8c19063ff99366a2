package dev.gateway.servlet.request;

import jakarta.servlet.http.HttpServletRequest;

/** Resolves the path given to {@code ServletRequest.getRequestDispatcher} (Servlet 6.1 section 9.1.1). */
final class RelativePaths {

    private RelativePaths() {
    }

    /**
     * {@code path} made context-relative: a path starting with {@code /} as it is, another one relative to
     * the directory of the request's current path (servlet path + path info); null for null.
     */
    static String resolve(HttpServletRequest request, String path) {
        if (path == null || path.startsWith("/")) {
            return path;
        }
        String current = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        int slash = current.lastIndexOf('/');
        String directory = slash < 0 ? "/" : current.substring(0, slash + 1);
        return directory + path;
    }
}
