package dev.gateway.spi.server;

import dev.gateway.spi.Environ;
import dev.gateway.spi.EnvironKeys;
import dev.gateway.spi.FileBody;
import dev.gateway.spi.FileWrapper;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Builds the {@link Environ} of one request from its parsed parts: the one piece of code that maps a
 * request to an environ, used by the network server and by the in-process test client alike.
 *
 * <p>Give the request line, then each header in arrival order, then the connection facts, then call
 * {@link #build()}. It applies the environ rules of docs/spec.md (ENV rules): target splitting,
 * percent-decoding of {@code PATH_INFO}, {@code SCRIPT_NAME} stripping, the header to {@code HTTP_*}
 * mapping, and the {@code gateway.*} keys. It does not validate HTTP syntax: the server's parser did.
 */
public final class EnvironBuilder {

    /** The value of {@code gateway.version}. */
    public static final List<Integer> VERSION = List.of(1, 0);

    private static final FileWrapper FILE_WRAPPER = FileBody::ofRemaining;
    private static final String HTTP_COOKIE = "HTTP_COOKIE";
    private static final byte[] HTTP_PREFIX = "HTTP_".getBytes(StandardCharsets.ISO_8859_1);
    private static final Map<String, String> COMMON_KEYS = commonKeys(
            "Host", "User-Agent", "Accept", "Accept-Encoding", "Accept-Language", "Accept-Charset", "Connection",
            "Keep-Alive", "Cookie", "Referer", "Origin", "Authorization", "Cache-Control", "Pragma", "Priority",
            "If-None-Match", "If-Modified-Since", "If-Match", "If-Unmodified-Since", "If-Range", "Range", "Expect", "TE",
            "Upgrade", "Upgrade-Insecure-Requests", "DNT", "Via", "Forwarded", "X-Forwarded-For", "X-Forwarded-Proto",
            "X-Forwarded-Host", "X-Forwarded-Port", "X-Real-IP", "X-Request-ID", "X-Requested-With", "Sec-Fetch-Dest",
            "Sec-Fetch-Mode", "Sec-Fetch-Site", "Sec-Fetch-User", "Sec-CH-UA", "Sec-CH-UA-Mobile", "Sec-CH-UA-Platform",
            "Sec-WebSocket-Key", "Sec-WebSocket-Version", "Sec-WebSocket-Extensions", "Sec-WebSocket-Protocol");

    private final Environ environ = new Environ();
    private String method = "GET";
    private String target = "/";
    private String protocol = "HTTP/1.1";
    private String scriptName = "";
    private String host;
    private String serverName = "localhost";
    private String serverPort = "80";
    private String scheme = "http";
    private boolean keepUnderscoreHeaders;
    private boolean outsideScriptName;

    /** Sets the method, request target (as received) and protocol of the request line. */
    public EnvironBuilder requestLine(String method, String target, String protocol) {
        this.method = method;
        this.target = target;
        this.protocol = protocol;
        return this;
    }

    /**
     * Adds one request header, in arrival order. Change with care: this mapping is a classic place for
     * header spoofing. {@code Content-Type} and {@code Content-Length} become {@code CONTENT_TYPE} and
     * {@code CONTENT_LENGTH}; every other name becomes {@code HTTP_} plus the name upper-cased with
     * {@code -} turned into {@code _}. A name that already holds {@code _} is dropped, because
     * {@code X_Forwarded_For} would otherwise alias {@code X-Forwarded-For} (Gunicorn's
     * {@code header_map=drop}). Repeated headers are joined with a comma (RFC 9110 section 5.3),
     * except {@code Cookie}, whose pairs are separated by {@code "; "} (RFC 6265 section 5.4; RFC 9113
     * section 8.2.3 joins split cookies the same way): a comma would end up inside a cookie's value.
     */
    public EnvironBuilder header(String name, String value) {
        if (name.indexOf('_') >= 0 && !keepUnderscoreHeaders) {
            return this;
        }
        String key = environKey(name);
        if (key.equals("HTTP_HOST") && host == null) {
            host = value;
        }
        Object previous = environ.get(key);
        if (previous != null) {
            value = previous + (key.equals(HTTP_COOKIE) ? "; " : ",") + value;
        }
        environ.put(key, value);
        return this;
    }

    /**
     * Keeps header names that hold {@code _} (Gunicorn's {@code header_map=dangerous}): they map to
     * {@code HTTP_*} keys, where {@code X_Foo} and {@code X-Foo} share one key. Off by default.
     */
    public EnvironBuilder keepUnderscoreHeaders(boolean keep) {
        this.keepUnderscoreHeaders = keep;
        return this;
    }

    /**
     * The header names whose environ keys are known in advance, each as the common spelling and in
     * lower case (HTTP/2's): a server that hands these very String instances to {@link #header}
     * spares a copy of each name, and the key lookup finds its hash code computed.
     */
    public static Set<String> commonHeaderNames() {
        return COMMON_KEYS.keySet();
    }

    /**
     * The environ key of header {@code name}: {@code HTTP_X_FOO}, {@code CONTENT_TYPE}, ... Only the
     * dashed names {@code Content-Type} and {@code Content-Length} become the CGI keys, so that a kept
     * {@code Content_Length} can never replace the real one.
     */
    public static String environKey(String name) {
        String common = COMMON_KEYS.get(name);
        if (common != null) {
            return common;
        }
        if (name.equalsIgnoreCase("Content-Type")) {
            return EnvironKeys.CONTENT_TYPE;
        }
        if (name.equalsIgnoreCase("Content-Length")) {
            return EnvironKeys.CONTENT_LENGTH;
        }
        return httpKey(name);
    }

    /**
     * The keys of the names most requests carry, as browsers, curl, proxies and HTTP/2 (lower case)
     * spell them: a lookup instead of a new key per header and request, and the key's hash code is
     * already known when the environ stores it.
     */
    private static Map<String, String> commonKeys(String... names) {
        Map<String, String> keys = new HashMap<>();
        for (String name : names) {
            keys.put(name, httpKey(name));
            keys.put(name.toLowerCase(Locale.ROOT), httpKey(name));
        }
        keys.put("Content-Type", EnvironKeys.CONTENT_TYPE);
        keys.put("content-type", EnvironKeys.CONTENT_TYPE);
        keys.put("Content-Length", EnvironKeys.CONTENT_LENGTH);
        keys.put("content-length", EnvironKeys.CONTENT_LENGTH);
        return Map.copyOf(keys);
    }

    /**
     * {@code HTTP_} and {@code name} upper-cased with {@code -} as {@code _}: for a name of ASCII
     * characters (every valid field name, RFC 9110 section 5.1) in one pass and one copy, for anything
     * else as {@link Locale#ROOT} says.
     */
    private static String httpKey(String name) {
        byte[] key = new byte[HTTP_PREFIX.length + name.length()];
        System.arraycopy(HTTP_PREFIX, 0, key, 0, HTTP_PREFIX.length);
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c >= 0x80) {
                return "HTTP_" + name.toUpperCase(Locale.ROOT).replace('-', '_');
            }
            key[HTTP_PREFIX.length + i] = (byte) (c == '-' ? '_' : c >= 'a' && c <= 'z' ? c - ('a' - 'A') : c);
        }
        return new String(key, StandardCharsets.ISO_8859_1);
    }

    /** Sets the peer's address and port ({@code REMOTE_ADDR}, {@code REMOTE_PORT}); port -1 for none. */
    public EnvironBuilder remote(String address, int port) {
        return remote(address, port < 0 ? "" : Integer.toString(port));
    }

    /** Sets {@code REMOTE_ADDR} and {@code REMOTE_PORT} from already formatted values ({@code ""} for none). */
    public EnvironBuilder remote(String address, String port) {
        environ.put(EnvironKeys.REMOTE_ADDR, address);
        environ.put(EnvironKeys.REMOTE_PORT, port);
        return this;
    }

    /**
     * Sets the local address and port from already formatted values (a server caches them per
     * connection): {@code gateway.local_addr} and {@code gateway.local_port}, and {@code SERVER_NAME}
     * and {@code SERVER_PORT} when the request has no Host.
     */
    public EnvironBuilder local(String name, String port) {
        this.serverName = name;
        this.serverPort = port;
        return this;
    }

    /** Sets the local address and port; port -1 for none (see {@link #local(String, String)}). */
    public EnvironBuilder local(String name, int port) {
        return local(name, port < 0 ? "" : Integer.toString(port));
    }

    /** Sets {@code gateway.url_scheme}: {@code http} or {@code https}. */
    public EnvironBuilder scheme(String scheme) {
        this.scheme = scheme;
        return this;
    }

    /** Sets the mount point of the application; a path that starts with it loses it in {@code PATH_INFO}. */
    public EnvironBuilder scriptName(String scriptName) {
        this.scriptName = scriptName == null ? "" : scriptName;
        return this;
    }

    /** Sets {@code gateway.input}, the request body. */
    public EnvironBuilder input(InputStream input) {
        environ.put(EnvironKeys.INPUT, input);
        return this;
    }

    /** Sets {@code gateway.errors}, the error log. */
    public EnvironBuilder errors(PrintWriter errors) {
        environ.put(EnvironKeys.ERRORS, errors);
        return this;
    }

    /** Sets {@code gateway.multithread} and {@code gateway.multiprocess}. */
    public EnvironBuilder concurrency(boolean multithread, boolean multiprocess) {
        environ.put(EnvironKeys.MULTITHREAD, multithread);
        environ.put(EnvironKeys.MULTIPROCESS, multiprocess);
        return this;
    }

    /** Builds the environ. The builder must not be used afterwards. */
    public Environ build() {
        environ.put(EnvironKeys.REQUEST_METHOD, method);
        environ.put(EnvironKeys.SERVER_PROTOCOL, protocol);
        environ.put(EnvironKeys.RAW_URI, target);
        putPathAndQuery();
        putServerNameAndPort();
        environ.put(EnvironKeys.LOCAL_ADDR, serverName);
        environ.put(EnvironKeys.LOCAL_PORT, serverPort);
        environ.putIfAbsent(EnvironKeys.REMOTE_ADDR, "");
        environ.putIfAbsent(EnvironKeys.REMOTE_PORT, "");
        environ.put(EnvironKeys.VERSION, VERSION);
        environ.put(EnvironKeys.URL_SCHEME, scheme);
        // Defaults only when the caller gave none: a server always does, and a PrintWriter costs 17 KB.
        if (!environ.containsKey(EnvironKeys.INPUT)) {
            environ.put(EnvironKeys.INPUT, InputStream.nullInputStream());
        }
        if (!environ.containsKey(EnvironKeys.ERRORS)) {
            environ.put(EnvironKeys.ERRORS, new PrintWriter(System.err, true));
        }
        environ.putIfAbsent(EnvironKeys.MULTITHREAD, Boolean.FALSE);
        environ.putIfAbsent(EnvironKeys.MULTIPROCESS, Boolean.FALSE);
        environ.put(EnvironKeys.RUN_ONCE, Boolean.FALSE);
        environ.put(EnvironKeys.INPUT_TERMINATED, Boolean.TRUE);
        environ.put(EnvironKeys.FILE_WRAPPER, FILE_WRAPPER);
        return environ;
    }

    /**
     * After {@link #build()}: whether the request's path lies outside a non-empty script name, so
     * that no {@code PATH_INFO} relative to it exists. The server then answers with {@link OutsideScriptName}
     * instead of calling the application.
     */
    public boolean outsideScriptName() {
        return outsideScriptName;
    }

    /**
     * RFC 9112 section 3.2: origin-form {@code /path?query}, absolute-form {@code http://host/path?query}
     * (its path is used), asterisk-form {@code *}. A fragment is not part of a request target but some
     * clients send one: it is cut off both path and query.
     */
    private void putPathAndQuery() {
        String rest = stripAuthority(target);
        int hash = rest.indexOf('#');
        if (hash >= 0) {
            rest = rest.substring(0, hash);
        }
        int question = rest.indexOf('?');
        String path = question >= 0 ? rest.substring(0, question) : rest;
        String query = question >= 0 ? rest.substring(question + 1) : "";
        String pathInfo = percentDecode(path);
        String script = scriptName;
        if (!script.isEmpty() && (pathInfo.equals(script) || pathInfo.startsWith(script + "/"))) {
            pathInfo = pathInfo.substring(script.length());
        } else if (!script.isEmpty()) {
            outsideScriptName = true;
        }
        environ.put(EnvironKeys.SCRIPT_NAME, script);
        environ.put(EnvironKeys.PATH_INFO, pathInfo);
        environ.put(EnvironKeys.QUERY_STRING, query);
    }

    private static String stripAuthority(String target) {
        int schemeEnd = target.indexOf("://");
        if (target.startsWith("/") || target.equals("*")) {
            return target;
        }
        if (schemeEnd <= 0) {
            // Authority-form (CONNECT host:port, RFC 9112 section 3.2.3) names no path at all.
            return "";
        }
        int pathStart = target.indexOf('/', schemeEnd + 3);
        int queryStart = target.indexOf('?', schemeEnd + 3);
        if (pathStart < 0 && queryStart < 0) {
            return "";
        }
        if (pathStart < 0 || queryStart >= 0 && queryStart < pathStart) {
            return target.substring(queryStart);
        }
        return target.substring(pathStart);
    }

    /** Like Gunicorn: the Host header names the server when present, else the local address does. */
    private void putServerNameAndPort() {
        String name = serverName;
        String port = serverPort;
        if (host != null && !host.isEmpty()) {
            int colon = host.lastIndexOf(':');
            boolean bracketed = host.startsWith("[");
            if (colon > 0 && (!bracketed || colon > host.indexOf(']'))) {
                name = host.substring(0, colon);
                port = host.substring(colon + 1);
                if (port.isEmpty()) {
                    // RFC 3986 section 3.2.3: "host:" with an empty port means the scheme's default port.
                    port = scheme.equals("https") ? "443" : "80";
                }
            } else {
                name = host;
                port = scheme.equals("https") ? "443" : "80";
            }
        }
        environ.put(EnvironKeys.SERVER_NAME, name);
        environ.put(EnvironKeys.SERVER_PORT, port);
    }

    /**
     * Decodes {@code %XX} into the byte XX, kept as the char of the same value (ISO-8859-1), so that
     * {@code PATH_INFO} holds the request's bytes exactly; a {@code %} not followed by two hex digits
     * stays as it is.
     */
    public static String percentDecode(String s) {
        int percent = s.indexOf('%');
        if (percent < 0) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length());
        out.append(s, 0, percent);
        for (int i = percent; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length() && hex(s.charAt(i + 1)) >= 0 && hex(s.charAt(i + 2)) >= 0) {
                out.append((char) (hex(s.charAt(i + 1)) * 16 + hex(s.charAt(i + 2))));
                i += 2;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static int hex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }
}
