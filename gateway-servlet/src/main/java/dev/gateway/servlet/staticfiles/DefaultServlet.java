package dev.gateway.servlet.staticfiles;

import dev.gateway.servlet.http.HttpDates;
import dev.gateway.servlet.response.GatewayResponse;
import dev.gateway.spi.FileBody;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.util.Locale;

/**
 * The servlet named {@code default}, as in Tomcat and Jetty: it serves the web application's static
 * files and is mapped to {@code /} unless the application maps a servlet there (Spring's
 * {@code DispatcherServlet} does, and may forward to it by name). GET and HEAD (POST is served like
 * GET, as Tomcat does); validators {@code ETag} and {@code Last-Modified}; conditional requests (RFC
 * 9110 section 13); one byte range (section 14; several ranges get the whole file); a directory
 * gets its {@code index.html}, or 404 (no listings); {@code WEB-INF/} and {@code META-INF/} are never
 * served (Servlet 6.1 section 10.5). A plain file is handed to the server as a {@link FileBody}, sent
 * with zero copy, unless a filter wrapped the response.
 */
public final class DefaultServlet extends HttpServlet {

    /** The name Tomcat, Jetty and Spring's {@code DefaultServletHttpRequestHandler} know it by. */
    public static final String NAME = "default";
    private static final String WELCOME_FILE = "index.html";
    private static final int COPY_BUFFER = 16 * 1024;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        serve(request, response, true);
    }

    @Override
    protected void doHead(HttpServletRequest request, HttpServletResponse response) throws IOException {
        serve(request, response, false);
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        serve(request, response, true);
    }

    private void serve(HttpServletRequest request, HttpServletResponse response, boolean withBody) throws IOException {
        String path = requestedPath(request);
        if (isProtected(path)) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        if (path.endsWith("/")) {
            path = path + WELCOME_FILE;
        }
        StaticResource resource = StaticResource.find(getServletContext(), path);
        if (resource == null) {
            if (!path.endsWith("/" + WELCOME_FILE) && StaticResource.isDirectory(getServletContext(), path)) {
                redirectToDirectory(request, response);
            } else {
                response.sendError(HttpServletResponse.SC_NOT_FOUND);
            }
            return;
        }
        send(request, response, resource, withBody);
    }

    /** The path inside the context: of the include when included (Servlet 6.1 section 9.3.1), else of the request. */
    private static String requestedPath(HttpServletRequest request) {
        Object includedServletPath = request.getAttribute(RequestDispatcher.INCLUDE_SERVLET_PATH);
        String servletPath = includedServletPath != null ? (String) includedServletPath : request.getServletPath();
        String pathInfo = includedServletPath != null
                ? (String) request.getAttribute(RequestDispatcher.INCLUDE_PATH_INFO) : request.getPathInfo();
        String path = servletPath + (pathInfo == null ? "" : pathInfo);
        return path.isEmpty() ? "/" : path;
    }

    private static boolean isProtected(String path) {
        String upper = path.toUpperCase(Locale.ROOT);
        return upper.startsWith("/WEB-INF/") || upper.equals("/WEB-INF") || upper.startsWith("/META-INF/") || upper.equals("/META-INF");
    }

    /** A directory named without its slash: relative links in its index need the slash, so redirect (Tomcat does). */
    private static void redirectToDirectory(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String query = request.getQueryString();
        response.sendRedirect(request.getRequestURI() + "/" + (query == null ? "" : "?" + query));
    }

    private void send(HttpServletRequest request, HttpServletResponse response, StaticResource resource, boolean withBody)
            throws IOException {
        String etag = resource.etag();
        long lastModified = resource.lastModified();
        switch (Preconditions.evaluate(request, etag, lastModified)) {
            case NOT_MODIFIED -> {
                validators(response, etag, lastModified);
                response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
                return;
            }
            case FAILED -> {
                response.sendError(HttpServletResponse.SC_PRECONDITION_FAILED);
                return;
            }
            case PROCEED -> {
                // serve it
            }
        }
        validators(response, etag, lastModified);
        response.setHeader("Accept-Ranges", "bytes");
        String type = getServletContext().getMimeType(resource.url().getPath());
        if (type != null) {
            response.setContentType(type);
        }
        long length = resource.length();
        ByteRange.Request wanted = Preconditions.rangeApplies(request, etag, lastModified)
                ? ByteRange.parse(request.getHeader("Range"), length) : new ByteRange.Whole();
        ByteRange range;
        switch (wanted) {
            case ByteRange.Unsatisfiable unsatisfiable -> {
                response.setHeader("Content-Range", "bytes */" + length);
                response.sendError(HttpServletResponse.SC_REQUESTED_RANGE_NOT_SATISFIABLE);
                return;
            }
            case ByteRange.Part part -> {
                range = part.range();
                response.setStatus(HttpServletResponse.SC_PARTIAL_CONTENT);
                response.setHeader("Content-Range", range.contentRange(length));
            }
            case ByteRange.Whole whole -> range = new ByteRange(0, length - 1);
        }
        response.setContentLengthLong(range.length());
        if (withBody && range.length() > 0) {
            body(response, resource, range);
        }
    }

    private static void validators(HttpServletResponse response, String etag, long lastModified) {
        response.setHeader("ETag", etag);
        if (lastModified >= 0) {
            response.setHeader("Last-Modified", HttpDates.format(lastModified));
        }
    }

    /** A plain file to the server's own response goes with zero copy; anything else is copied through the stream. */
    private static void body(HttpServletResponse response, StaticResource resource, ByteRange range) throws IOException {
        if (resource.file() != null && response instanceof GatewayResponse direct && direct.canSendFile()) {
            FileChannel channel = FileChannel.open(resource.file());
            direct.sendFile(new FileBody(channel, range.first(), range.length(), FileBody.DEFAULT_BLOCK_SIZE));
            return;
        }
        try (InputStream in = resource.url().openStream()) {
            in.skipNBytes(range.first());
            ServletOutputStream out = response.getOutputStream();
            byte[] buffer = new byte[COPY_BUFFER];
            long left = range.length();
            while (left > 0) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (n < 0) {
                    break; // the file shrank meanwhile: the server cuts the response short of its length
                }
                out.write(buffer, 0, n);
                left -= n;
            }
        }
    }

    @Override
    public String getServletInfo() {
        return "gateway default servlet";
    }
}
