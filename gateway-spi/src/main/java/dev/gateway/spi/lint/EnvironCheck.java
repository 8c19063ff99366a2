package dev.gateway.spi.lint;

import dev.gateway.spi.Environ;
import dev.gateway.spi.EnvironKeys;
import dev.gateway.spi.FileWrapper;
import dev.gateway.spi.server.EnvironBuilder;
import dev.gateway.spi.server.ResponseRules;
import dev.gateway.spi.websocket.WebSocketUpgrade;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The ENV rules: the shape and types of the environ a server hands the application. */
final class EnvironCheck {

    private EnvironCheck() {
    }

    /** CGI keys every environ holds. */
    private static final List<String> REQUIRED = List.of(
            EnvironKeys.REQUEST_METHOD, EnvironKeys.SCRIPT_NAME, EnvironKeys.PATH_INFO, EnvironKeys.QUERY_STRING,
            EnvironKeys.SERVER_NAME, EnvironKeys.SERVER_PORT, EnvironKeys.SERVER_PROTOCOL,
            EnvironKeys.REMOTE_ADDR, EnvironKeys.REMOTE_PORT, EnvironKeys.RAW_URI);

    /** The {@code gateway.*} keys every environ holds, and the type of each. */
    private static final Map<String, Class<?>> GATEWAY_KEYS = gatewayKeys();

    private static Map<String, Class<?>> gatewayKeys() {
        Map<String, Class<?>> keys = new LinkedHashMap<>();
        keys.put(EnvironKeys.VERSION, List.class);
        keys.put(EnvironKeys.URL_SCHEME, String.class);
        keys.put(EnvironKeys.INPUT, InputStream.class);
        keys.put(EnvironKeys.ERRORS, PrintWriter.class);
        keys.put(EnvironKeys.MULTITHREAD, Boolean.class);
        keys.put(EnvironKeys.MULTIPROCESS, Boolean.class);
        keys.put(EnvironKeys.RUN_ONCE, Boolean.class);
        keys.put(EnvironKeys.INPUT_TERMINATED, Boolean.class);
        keys.put(EnvironKeys.FILE_WRAPPER, FileWrapper.class);
        return Map.copyOf(keys);
    }

    static void check(Lint lint, Environ environ) {
        if (environ == null) {
            throw lint.fail(Rule.ENV_1, "the environ is null");
        }
        checkPresent(lint, environ);
        checkCgiValues(lint, environ);
        checkRequestLine(lint, environ);
        checkServerAndPorts(lint, environ);
        checkContentHeaders(lint, environ);
        checkGatewayKeys(lint, environ);
        checkWebSocket(lint, environ);
    }

    /** WS-1: an upgrade offer is a WebSocketUpgrade, on an HTTP/1.1 GET (RFC 6455 section 4.1). */
    private static void checkWebSocket(Lint lint, Environ environ) {
        if (!environ.containsKey(EnvironKeys.WEBSOCKET)) {
            return;
        }
        Object value = environ.get(EnvironKeys.WEBSOCKET);
        if (!(value instanceof WebSocketUpgrade)) {
            throw lint.fail(Rule.WS_1, EnvironKeys.WEBSOCKET + " is " + typeOf(value) + ", not a WebSocketUpgrade");
        }
        if (!"GET".equals(environ.requestMethod()) || !"HTTP/1.1".equals(environ.getString(EnvironKeys.SERVER_PROTOCOL))) {
            throw lint.fail(Rule.WS_1, EnvironKeys.WEBSOCKET + " is offered on " + environ.requestMethod() + " "
                    + environ.getString(EnvironKeys.SERVER_PROTOCOL) + "; only an HTTP/1.1 GET can upgrade");
        }
    }

    private static void checkPresent(Lint lint, Environ environ) {
        for (String key : REQUIRED) {
            if (!environ.containsKey(key)) {
                throw lint.fail(Rule.ENV_1, "the environ has no " + key);
            }
        }
        for (String key : GATEWAY_KEYS.keySet()) {
            if (!environ.containsKey(key)) {
                throw lint.fail(Rule.ENV_1, "the environ has no " + key);
            }
        }
    }

    /** Keys without a dot are CGI keys (and {@code HTTP_*} headers): byte strings. */
    private static void checkCgiValues(Lint lint, Environ environ) {
        for (Map.Entry<String, Object> entry : environ.entrySet()) {
            String key = entry.getKey();
            if (key.indexOf('.') >= 0) {
                continue;
            }
            if (!(entry.getValue() instanceof String value)) {
                throw lint.fail(Rule.ENV_2, key + " is " + typeOf(entry.getValue()) + "; CGI keys hold Strings");
            }
            for (int i = 0; i < value.length(); i++) {
                if (value.charAt(i) > 0xFF) {
                    throw lint.fail(Rule.ENV_3, key + " has a char above U+00FF; chars stand for bytes (ISO-8859-1)");
                }
            }
        }
    }

    private static void checkRequestLine(Lint lint, Environ environ) {
        String method = environ.requestMethod();
        if (method.isEmpty() || !method.chars().allMatch(c -> ResponseRules.isTokenChar((char) c))) {
            throw lint.fail(Rule.ENV_4, "REQUEST_METHOD " + ResponseRules.quote(method) + " is not a token");
        }
        String script = environ.scriptName();
        if (!script.isEmpty() && (!script.startsWith("/") || script.endsWith("/"))) {
            throw lint.fail(Rule.ENV_5, "SCRIPT_NAME " + ResponseRules.quote(script)
                    + " must be empty or start with / and not end with /");
        }
        String path = environ.pathInfo();
        String rawUri = environ.getString(EnvironKeys.RAW_URI);
        if (!path.isEmpty() && !path.startsWith("/") && !(path.equals("*") && rawUri.equals("*"))) {
            throw lint.fail(Rule.ENV_6, "PATH_INFO " + ResponseRules.quote(path)
                    + " must be empty, start with /, or be * for the target *");
        }
        String protocol = environ.getString(EnvironKeys.SERVER_PROTOCOL);
        if (!protocol.equals("HTTP/1.0") && !protocol.equals("HTTP/1.1")) {
            throw lint.fail(Rule.ENV_7, "SERVER_PROTOCOL " + ResponseRules.quote(protocol) + " is not HTTP/1.0 or HTTP/1.1");
        }
        if (rawUri.isEmpty()) {
            throw lint.fail(Rule.ENV_12, "RAW_URI is empty");
        }
    }

    private static void checkServerAndPorts(Lint lint, Environ environ) {
        if (environ.getString(EnvironKeys.SERVER_NAME).isEmpty()) {
            throw lint.fail(Rule.ENV_8, "SERVER_NAME is empty");
        }
        for (String key : List.of(EnvironKeys.SERVER_PORT, EnvironKeys.REMOTE_PORT)) {
            String port = environ.getString(key);
            if (!port.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw lint.fail(Rule.ENV_9, key + " " + ResponseRules.quote(port) + " is not decimal digits");
            }
        }
    }

    private static void checkContentHeaders(Lint lint, Environ environ) {
        for (String key : List.of("HTTP_" + EnvironKeys.CONTENT_TYPE, "HTTP_" + EnvironKeys.CONTENT_LENGTH)) {
            if (environ.containsKey(key)) {
                throw lint.fail(Rule.ENV_10, "the environ has " + key + "; the header belongs in "
                        + key.substring("HTTP_".length()));
            }
        }
        String length = environ.getString(EnvironKeys.CONTENT_LENGTH);
        if (length != null && !isDigits(length)) {
            throw lint.fail(Rule.ENV_11, "CONTENT_LENGTH " + ResponseRules.quote(length) + " is not a number of bytes");
        }
    }

    private static void checkGatewayKeys(Lint lint, Environ environ) {
        for (Map.Entry<String, Class<?>> key : GATEWAY_KEYS.entrySet()) {
            Object value = environ.get(key.getKey());
            if (!key.getValue().isInstance(value)) {
                throw lint.fail(Rule.ENV_15, key.getKey() + " is " + typeOf(value) + ", not a " + key.getValue().getName());
            }
        }
        if (!EnvironBuilder.VERSION.equals(environ.get(EnvironKeys.VERSION))) {
            throw lint.fail(Rule.ENV_13, "gateway.version is " + environ.get(EnvironKeys.VERSION) + ", not " + EnvironBuilder.VERSION);
        }
        for (String key : List.of(EnvironKeys.LOCAL_ADDR, EnvironKeys.LOCAL_PORT)) {
            Object value = environ.get(key);
            if (value != null && !(value instanceof String)) {
                throw lint.fail(Rule.ENV_15, key + " is " + typeOf(value) + ", not a java.lang.String");
            }
        }
        String scheme = environ.urlScheme();
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw lint.fail(Rule.ENV_14, "gateway.url_scheme " + ResponseRules.quote(scheme) + " is not http or https");
        }
    }

    /** True for a non-empty string of ASCII digits that fits in a long. */
    static boolean isDigits(String s) {
        return !s.isEmpty() && s.length() <= 18 && s.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    private static String typeOf(Object value) {
        return value == null ? "null" : "a " + value.getClass().getName();
    }
}
