package dev.gateway.spi;

/**
 * The names of the environ keys the server provides (docs/spec.md, section "Environ").
 *
 * <p>CGI keys are upper case and hold Strings; every request header {@code Foo-Bar} appears once as
 * {@code HTTP_FOO_BAR} (repeated headers joined with a comma), except {@code Content-Type} and
 * {@code Content-Length}, which appear only as {@link #CONTENT_TYPE} and {@link #CONTENT_LENGTH}.
 * Server keys start with {@code gateway.}; applications and middleware may add keys of their own under
 * another prefix.
 */
public final class EnvironKeys {

    private EnvironKeys() {
    }

    /** The request method, e.g. {@code GET}. Always present. */
    public static final String REQUEST_METHOD = "REQUEST_METHOD";
    /**
     * The part of the path that leads to the application ({@code ""} unless configured): empty, or
     * starting with {@code /} and not ending with it. Always present.
     */
    public static final String SCRIPT_NAME = "SCRIPT_NAME";
    /**
     * The rest of the path, percent-decoded, bytes mapped to chars one to one: empty, starting with
     * {@code /}, or {@code *} for the target {@code *}. Always present.
     */
    public static final String PATH_INFO = "PATH_INFO";
    /** The part of the target after {@code ?}, not decoded; {@code ""} when there is none. Always present. */
    public static final String QUERY_STRING = "QUERY_STRING";
    /** The {@code Content-Type} request header; absent when the request has none. */
    public static final String CONTENT_TYPE = "CONTENT_TYPE";
    /** The {@code Content-Length} request header; absent when the request has none. */
    public static final String CONTENT_LENGTH = "CONTENT_LENGTH";
    /** The host name from the {@code Host} header, or the local address. Always present. */
    public static final String SERVER_NAME = "SERVER_NAME";
    /**
     * The port, as a String: from the {@code Host} header (80 or 443 by scheme when it names none), else
     * the local port ({@code ""} on a Unix socket). Always present.
     */
    public static final String SERVER_PORT = "SERVER_PORT";
    /** The request's protocol, {@code HTTP/1.0} or {@code HTTP/1.1}. Always present. */
    public static final String SERVER_PROTOCOL = "SERVER_PROTOCOL";
    /** The peer's IP address ({@code ""} for a Unix socket peer). Always present. */
    public static final String REMOTE_ADDR = "REMOTE_ADDR";
    /** The peer's port, as a String. Always present ({@code ""} for a Unix socket peer). */
    public static final String REMOTE_PORT = "REMOTE_PORT";
    /** The request target exactly as received, not decoded. Always present. */
    public static final String RAW_URI = "RAW_URI";

    /** {@code List.of(1, 0)}: the version of this contract. */
    public static final String VERSION = "gateway.version";
    /** {@code "http"} or {@code "https"}. */
    public static final String URL_SCHEME = "gateway.url_scheme";
    /** A {@link java.io.InputStream} of the request body, de-chunked; reads past the end return -1. */
    public static final String INPUT = "gateway.input";
    /** A {@link java.io.PrintWriter} to the server's error log. */
    public static final String ERRORS = "gateway.errors";
    /** {@link Boolean}: the application may be called from several threads at once. */
    public static final String MULTITHREAD = "gateway.multithread";
    /** {@link Boolean}: the application runs in several processes (the {@code process} worker class). */
    public static final String MULTIPROCESS = "gateway.multiprocess";
    /** {@link Boolean}: the application is called once in the life of its process (always false). */
    public static final String RUN_ONCE = "gateway.run_once";
    /** {@link Boolean}: {@link #INPUT} returns -1 at the end of the body, so a reader need not count. */
    public static final String INPUT_TERMINATED = "gateway.input_terminated";
    /** A {@link FileWrapper} that turns an open file into a body the server may send with zero copy. */
    public static final String FILE_WRAPPER = "gateway.file_wrapper";
    /**
     * String, optional: the local IP address the connection arrived on (the server's side of it; its
     * socket path on a Unix socket), whatever the {@code Host} header says. Servlet's {@code getLocalAddr}.
     */
    public static final String LOCAL_ADDR = "gateway.local_addr";
    /** String, optional: the local port the connection arrived on; {@code ""} on a Unix socket. */
    public static final String LOCAL_PORT = "gateway.local_port";
    /**
     * A {@link dev.gateway.spi.websocket.WebSocketUpgrade}: present only when the request is a valid
     * WebSocket opening handshake (RFC 6455 section 4.2.1); the application accepts or declines it.
     */
    public static final String WEBSOCKET = "gateway.websocket";
}
