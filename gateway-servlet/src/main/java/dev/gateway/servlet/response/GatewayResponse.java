package dev.gateway.servlet.response;

import dev.gateway.servlet.http.ContentTypes;
import dev.gateway.servlet.http.HttpDates;
import dev.gateway.spi.BodyWriter;
import dev.gateway.spi.FileBody;
import dev.gateway.spi.Header;
import dev.gateway.spi.StartResponse;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The {@link HttpServletResponse} of one request (Servlet 6.1 chapter 5), answered through the gateway
 * contract: committing calls {@code start(status, headers)} and the body goes out through the write
 * callable it returns, chunk by chunk as the buffer fills ({@link OutputBuffer}). A response that never
 * committed is handed back whole by {@link #finish()}, as one chunk with its Content-Length, so the
 * server sends it with a fixed length.
 */
public final class GatewayResponse implements HttpServletResponse {

    private enum Output { NONE, STREAM, WRITER }

    private static final String CONTENT_TYPE = "Content-Type";
    private static final String CONTENT_LENGTH = "Content-Length";

    private final StartResponse startResponse;
    private final ResponseContext request;
    private final ResponseHeaders headers = new ResponseHeaders();
    private final OutputBuffer body;
    private int status = 200;
    private String contentType;
    private String charset;
    private long contentLength = -1;
    private Locale locale;
    private Output output = Output.NONE;
    private PrintWriter writer;
    private ServletOutputStream stream;
    private boolean error;
    private String errorMessage;
    /** A file to hand to the server as the body at {@link #finish()} (zero copy), or null. */
    private FileBody file;

    /** What the response needs to know of its request and context. */
    public interface ResponseContext {
        /** {@code SERVER_PROTOCOL}. */
        String protocol();

        /** The request URL, to resolve relative redirects against. */
        String requestUrl();

        /** The context's default response character encoding, or null. */
        String defaultCharacterEncoding();

        /** Starts the callbacks of a WriteListener (section 5.7.2). */
        void writeListener(jakarta.servlet.WriteListener listener);
    }

    /**
     * @param startResponse the server's start callable
     * @param request       the request's facts the response needs
     * @param bufferSize    the initial buffer size
     */
    public GatewayResponse(StartResponse startResponse, ResponseContext request, int bufferSize) {
        this.startResponse = startResponse;
        this.request = request;
        this.body = new OutputBuffer(new Committer(), bufferSize);
    }

    /** Commits through the server's {@code start()}. */
    private final class Committer implements OutputBuffer.Committer {
        @Override
        public BodyWriter commit() {
            return startResponse.start(statusLine(), headerList());
        }

        @Override
        public boolean bodyAllowed() {
            return GatewayResponse.this.bodyAllowed();
        }

        @Override
        public long contentLength() {
            return contentLength;
        }
    }

    private boolean bodyAllowed() {
        return status != 204 && status != 304;
    }

    /** The status line; a code the gateway contract does not allow the application (START-1) becomes 500. */
    private String statusLine() {
        return StatusLines.of(status >= 200 && status <= 599 ? status : 500);
    }

    /** Content-Type, Content-Length and Content-Language first, then the other headers in order. */
    private List<Header> headerList() {
        List<Header> list = new ArrayList<>(headers.list().size() + 3);
        String type = getContentType();
        if (type != null) {
            list.add(new Header(CONTENT_TYPE, type));
        }
        if (contentLength >= 0 && bodyAllowed()) {
            list.add(new Header(CONTENT_LENGTH, Long.toString(contentLength)));
        }
        if (locale != null && !headers.contains("Content-Language")) {
            list.add(new Header("Content-Language", locale.toLanguageTag()));
        }
        list.addAll(headers.list());
        return HeaderSanitizer.sanitize(list);
    }

    // Container side

    /**
     * Ends the response when the request is done: a response that never committed goes back whole, as
     * one chunk with its Content-Length (the server then sends a fixed-length response); a committed one
     * sends what is left in the buffer and returns an empty body.
     */
    public Iterable<byte[]> finish() throws IOException {
        if (file != null) {
            FileBody sending = file;
            file = null;
            if (!body.committed()) {
                startResponse.start(statusLine(), headerList());
                return sending; // the server sends it with zero copy and closes it
            }
            sending.close();
        }
        if (!body.committed() || body.heldWhole()) {
            byte[] all = body.takeAll();
            if (contentLength < 0 && bodyAllowed()) {
                contentLength = all.length;
            }
            body.flush();
            return all.length == 0 || !bodyAllowed() ? List.of() : List.of(all);
        }
        body.flush();
        return List.of();
    }

    /** True while nothing was written: the body can still be a file the server sends itself. */
    public boolean canSendFile() {
        return output == Output.NONE && !body.committed() && file == null;
    }

    /**
     * Makes {@code file} the body, sent by the server (with zero copy) when the request ends; the
     * caller sets the Content-Length. A reset or an error page drops it (and closes it).
     *
     * @throws IllegalStateException unless {@link #canSendFile()}
     */
    public void sendFile(FileBody file) {
        if (!canSendFile()) {
            throw new IllegalStateException("the response has output already");
        }
        this.file = file;
    }

    private void dropFile() {
        if (file != null) {
            try {
                file.close();
            } catch (IOException e) {
                // never read: nothing lost
            }
            file = null;
        }
    }

    /** Ends the body without committing yet (after a forward, section 9.4): later writes are ignored. */
    public void closeBody() {
        body.markClosed();
    }

    /** True once {@code sendError} was called and the container has not answered it yet. */
    public boolean isError() {
        return error;
    }

    /** The message {@code sendError} was given, or null. */
    public String errorMessage() {
        return errorMessage;
    }

    /**
     * Prepares the response for an error page, as Tomcat does: the buffer is emptied and accepts writes
     * again, the writer/stream choice is forgotten, the length unset; status and headers stay.
     */
    public void prepareErrorPage(int status) {
        dropFile();
        body.clear();
        body.resume();
        output = Output.NONE;
        writer = null;
        stream = null;
        contentLength = -1;
        charset = null;
        error = false;
        this.status = status;
    }

    /** Writes the container's own plain-text error page: {@code 404 Not Found}, and the message if any. */
    public void writePlainErrorPage(int status, String message) throws IOException {
        prepareErrorPage(status);
        String text = StatusLines.of(status) + (message == null || message.isBlank() ? "" : ": " + message) + "\n";
        setContentType("text/plain;charset=UTF-8");
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        body.write(bytes, 0, bytes.length);
    }

    // Status and errors

    @Override
    public void setStatus(int sc) {
        if (!isCommitted()) {
            status = sc;
        }
    }

    @Override
    public int getStatus() {
        return status;
    }

    /**
     * Sends an error (section 5.3, HttpServletResponse.sendError): the buffer is emptied, the status set,
     * and the response suspended; after the servlet returns the container answers with the error page
     * for the status, or its own plain page.
     */
    @Override
    public void sendError(int sc, String msg) {
        if (isCommitted()) {
            throw new IllegalStateException("sendError() after the response was committed");
        }
        body.clear();
        status = sc;
        error = true;
        errorMessage = msg;
        body.suspend();
    }

    @Override
    public void sendError(int sc) {
        sendError(sc, null);
    }

    /** Sets {@code Location} as Tomcat 11 does by default (see {@link Redirects}), then suspends the response. */
    @Override
    public void sendRedirect(String location, int sc, boolean clearBuffer) {
        if (isCommitted()) {
            throw new IllegalStateException("sendRedirect() after the response was committed");
        }
        if (location == null) {
            throw new IllegalArgumentException("location is null");
        }
        if (clearBuffer) {
            body.clear();
        }
        status = sc;
        headers.set("Location", Redirects.location(location, request.protocol(), request.requestUrl()));
        body.suspend();
    }

    // Headers

    @Override
    public void setHeader(String name, String value) {
        if (name == null || isCommitted()) {
            return;
        }
        if (name.equalsIgnoreCase(CONTENT_TYPE)) {
            setContentType(value);
        } else if (name.equalsIgnoreCase(CONTENT_LENGTH)) {
            setContentLengthHeader(value);
        } else {
            headers.set(name, value);
        }
    }

    @Override
    public void addHeader(String name, String value) {
        if (name == null || value == null || isCommitted()) {
            return;
        }
        if (name.equalsIgnoreCase(CONTENT_TYPE)) {
            setContentType(value);
        } else if (name.equalsIgnoreCase(CONTENT_LENGTH)) {
            setContentLengthHeader(value);
        } else {
            headers.add(name, value);
        }
    }

    private void setContentLengthHeader(String value) {
        if (value == null) {
            contentLength = -1;
            return;
        }
        try {
            setContentLengthLong(Long.parseLong(value.trim()));
        } catch (NumberFormatException e) {
            // not a length: ignored, as Tomcat ignores it
        }
    }

    @Override
    public void setIntHeader(String name, int value) {
        setHeader(name, Integer.toString(value));
    }

    @Override
    public void addIntHeader(String name, int value) {
        addHeader(name, Integer.toString(value));
    }

    @Override
    public void setDateHeader(String name, long date) {
        setHeader(name, HttpDates.format(date));
    }

    @Override
    public void addDateHeader(String name, long date) {
        addHeader(name, HttpDates.format(date));
    }

    @Override
    public boolean containsHeader(String name) {
        if (CONTENT_TYPE.equalsIgnoreCase(name)) {
            return contentType != null;
        }
        if (CONTENT_LENGTH.equalsIgnoreCase(name)) {
            return contentLength >= 0;
        }
        return headers.contains(name);
    }

    @Override
    public String getHeader(String name) {
        if (CONTENT_TYPE.equalsIgnoreCase(name)) {
            return getContentType();
        }
        if (CONTENT_LENGTH.equalsIgnoreCase(name)) {
            return contentLength >= 0 ? Long.toString(contentLength) : null;
        }
        return headers.get(name);
    }

    @Override
    public Collection<String> getHeaders(String name) {
        String special = CONTENT_TYPE.equalsIgnoreCase(name) || CONTENT_LENGTH.equalsIgnoreCase(name) ? getHeader(name) : null;
        if (special != null) {
            return List.of(special);
        }
        return headers.values(name);
    }

    @Override
    public Collection<String> getHeaderNames() {
        Set<String> names = new LinkedHashSet<>();
        if (contentType != null) {
            names.add(CONTENT_TYPE);
        }
        if (contentLength >= 0) {
            names.add(CONTENT_LENGTH);
        }
        names.addAll(headers.names());
        return names;
    }

    /** Adds a {@code Set-Cookie} header (RFC 6265; see {@link SetCookieHeader}). */
    @Override
    public void addCookie(Cookie cookie) {
        if (!isCommitted()) {
            headers.add("Set-Cookie", SetCookieHeader.format(cookie));
        }
    }

    /** Replaces the {@code Set-Cookie} header of the cookie named {@code name}, if any, by {@code cookie}. */
    public void replaceCookie(String name, Cookie cookie) {
        if (isCommitted()) {
            return;
        }
        List<String> others = new ArrayList<>();
        for (String value : headers.values("Set-Cookie")) {
            if (!value.startsWith(name + "=")) {
                others.add(value);
            }
        }
        headers.remove("Set-Cookie");
        others.forEach(v -> headers.add("Set-Cookie", v));
        addCookie(cookie);
    }

    /** URL rewriting is not used for sessions (cookies only): URLs come back unchanged. */
    @Override
    public String encodeURL(String url) {
        return url;
    }

    @Override
    public String encodeRedirectURL(String url) {
        return url;
    }

    // Content type, encoding, length, locale (section 5.6)

    @Override
    public String getCharacterEncoding() {
        if (charset != null) {
            return charset;
        }
        String fallback = request.defaultCharacterEncoding();
        return fallback != null ? fallback : StandardCharsets.ISO_8859_1.name();
    }

    /** Ignored after {@code getWriter()} or once committed (section 5.6). */
    @Override
    public void setCharacterEncoding(String encoding) {
        if (isCommitted() || output == Output.WRITER) {
            return;
        }
        if (encoding == null) {
            charset = null;
            return;
        }
        try {
            Charset.forName(encoding);
            charset = encoding;
        } catch (IllegalArgumentException e) {
            // unknown charset: ignored, as Tomcat logs and ignores it
        }
    }

    @Override
    public String getContentType() {
        if (contentType == null) {
            return null;
        }
        return charset != null ? contentType + ";charset=" + charset : contentType;
    }

    /** A charset in {@code type} sets the encoding unless {@code getWriter()} was called (section 5.6). */
    @Override
    public void setContentType(String type) {
        if (isCommitted()) {
            return;
        }
        if (type == null) {
            contentType = null;
            if (output != Output.WRITER) {
                charset = null;
            }
            return;
        }
        contentType = ContentTypes.withoutCharset(type);
        String given = ContentTypes.charset(type);
        if (given != null) {
            setCharacterEncoding(given);
        }
    }

    @Override
    public void setContentLength(int len) {
        setContentLengthLong(len);
    }

    @Override
    public void setContentLengthLong(long len) {
        if (!isCommitted()) {
            contentLength = len < 0 ? -1 : len;
        }
    }

    @Override
    public void setLocale(Locale loc) {
        if (!isCommitted() && loc != null) {
            locale = loc;
        }
    }

    @Override
    public Locale getLocale() {
        return locale != null ? locale : Locale.getDefault();
    }

    // Output (section 5.1 and 5.7)

    @Override
    public ServletOutputStream getOutputStream() {
        if (output == Output.WRITER) {
            throw new IllegalStateException("getWriter() was called already");
        }
        output = Output.STREAM;
        if (stream == null) {
            stream = new GatewayOutputStream(body, request::writeListener);
        }
        return stream;
    }

    /** The encoding becomes part of the Content-Type from now on, as Tomcat does (section 5.6). */
    @Override
    public PrintWriter getWriter() {
        if (output == Output.STREAM) {
            throw new IllegalStateException("getOutputStream() was called already");
        }
        if (writer == null) {
            charset = getCharacterEncoding();
            writer = new PrintWriter(new EncodingWriter(body, Charset.forName(charset)), false);
        }
        output = Output.WRITER;
        return writer;
    }

    @Override
    public void setBufferSize(int size) {
        if (isCommitted()) {
            throw new IllegalStateException("setBufferSize() after the response was committed");
        }
        body.setCapacity(size);
    }

    @Override
    public int getBufferSize() {
        return body.capacity();
    }

    @Override
    public void flushBuffer() throws IOException {
        body.flush();
    }

    @Override
    public void resetBuffer() {
        dropFile();
        body.clear();
    }

    @Override
    public boolean isCommitted() {
        return body.committed();
    }

    /** Section 5.1 reset: buffer, status, headers and the writer/stream choice are cleared. */
    @Override
    public void reset() {
        dropFile();
        body.clear();
        headers.clear();
        status = 200;
        contentType = null;
        charset = null;
        contentLength = -1;
        locale = null;
        output = Output.NONE;
        writer = null;
        stream = null;
        error = false;
        errorMessage = null;
    }
}
