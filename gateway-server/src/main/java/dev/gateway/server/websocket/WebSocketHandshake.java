package dev.gateway.server.websocket;

import dev.gateway.spi.Header;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * The server's side of the opening handshake (RFC 6455 section 4.2): which requests ask for a
 * WebSocket, whether the request is a valid handshake (section 4.2.1) and may come from its
 * {@code Origin} (section 10.2), and the {@code 101} that accepts it (section 4.2.2). A request that
 * asks and fails is refused before the application sees it.
 */
public final class WebSocketHandshake {

    /** RFC 6455 section 1.3: appended to the client's key before hashing. */
    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    /**
     * Why a handshake was refused, and with what.
     *
     * @param namesVersion the answer carries {@code Sec-WebSocket-Version: 13}: RFC 6455 section 4.4
     *                     asks a refused version to be answered with the versions the server speaks
     */
    public record Refusal(HttpResponseStatus status, String reason, boolean namesVersion) {

        Refusal(HttpResponseStatus status, String reason) {
            this(status, reason, false);
        }

        /** {@code base} (the server's error page for the status) with the version header when due. */
        public FullHttpResponse response(FullHttpResponse base) {
            if (namesVersion) {
                base.headers().set(HttpHeaderNames.SEC_WEBSOCKET_VERSION, "13");
            }
            return base;
        }
    }

    private WebSocketHandshake() {
    }

    /** True when the request asks for a WebSocket: {@code websocket} among its {@code Upgrade} tokens. */
    public static boolean requested(HttpRequest request) {
        // Every request passes here: those without Upgrade (nearly all) cost one lookup, no list.
        return request.headers().contains(HttpHeaderNames.UPGRADE)
                && tokens(request.headers().getAll(HttpHeaderNames.UPGRADE)).contains("websocket");
    }

    /**
     * RFC 6455 section 4.2.1, then the origin check: null when {@code request} is a valid handshake
     * the server may accept, else the refusal.
     *
     * @param scheme the request's scheme ({@code http} or {@code https}), for its own origin
     */
    public static Refusal check(HttpRequest request, WebSocketOptions options, String scheme) {
        HttpHeaders headers = request.headers();
        if (!request.method().equals(HttpMethod.GET) || request.protocolVersion() != HttpVersion.HTTP_1_1) {
            return new Refusal(HttpResponseStatus.BAD_REQUEST, "a WebSocket handshake is an HTTP/1.1 GET");
        }
        if (HttpUtil.isTransferEncodingChunked(request) || HttpUtil.getContentLength(request, 0L) != 0) {
            return new Refusal(HttpResponseStatus.BAD_REQUEST, "a WebSocket handshake has no body");
        }
        if (!tokens(headers.getAll(HttpHeaderNames.CONNECTION)).contains("upgrade")) {
            return new Refusal(HttpResponseStatus.BAD_REQUEST, "Connection does not name Upgrade");
        }
        List<String> versions = headers.getAll(HttpHeaderNames.SEC_WEBSOCKET_VERSION);
        if (versions.size() != 1 || !versions.get(0).strip().equals("13")) {
            // Section 4.4: a version the server does not speak is answered with the versions it does.
            return new Refusal(versions.isEmpty() ? HttpResponseStatus.BAD_REQUEST : HttpResponseStatus.UPGRADE_REQUIRED,
                    "Sec-WebSocket-Version is not 13", true);
        }
        if (!validKey(headers.getAll(HttpHeaderNames.SEC_WEBSOCKET_KEY))) {
            return new Refusal(HttpResponseStatus.BAD_REQUEST, "Sec-WebSocket-Key is not the base64 of 16 bytes");
        }
        String origin = headers.get(HttpHeaderNames.ORIGIN);
        if (origin != null && !sameOrigin(origin, scheme, headers.get(HttpHeaderNames.HOST)) && !options.allows(origin.strip())) {
            return new Refusal(HttpResponseStatus.FORBIDDEN, "cross-origin WebSocket from " + origin + " not allowed");
        }
        return null;
    }

    /** Section 4.1: exactly one key, the base64 encoding of 16 random bytes. */
    static boolean validKey(List<String> keys) {
        if (keys.size() != 1) {
            return false;
        }
        try {
            return Base64.getDecoder().decode(keys.get(0).strip()).length == 16;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * The page's origin is the server's own: {@code scheme://Host} (RFC 6454 section 6.2), the port
     * left out when it is the scheme's default on either side.
     */
    static boolean sameOrigin(String origin, String scheme, String host) {
        if (host == null) {
            return false;
        }
        String own = (scheme + "://" + host).toLowerCase(Locale.ROOT);
        String theirs = origin.strip().toLowerCase(Locale.ROOT);
        return withoutDefaultPort(theirs).equals(withoutDefaultPort(own));
    }

    private static String withoutDefaultPort(String origin) {
        if (origin.startsWith("http://") && origin.endsWith(":80")) {
            return origin.substring(0, origin.length() - 3);
        }
        if (origin.startsWith("https://") && origin.endsWith(":443")) {
            return origin.substring(0, origin.length() - 4);
        }
        return origin;
    }

    /** Section 4.2.2, step 5.4: base64 of the SHA-1 of the key and the GUID. */
    public static String acceptValue(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest((key.strip() + GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-1", e);
        }
    }

    /**
     * The {@code 101 Switching Protocols} accepting {@code request}: the handshake headers, then the
     * application's own (already checked: WS-4).
     *
     * @param subprotocol the subprotocol chosen, or null
     * @param extensions  the {@code Sec-WebSocket-Extensions} answer, or null
     */
    static FullHttpResponse switching(HttpRequest request, String subprotocol, String extensions, List<Header> headers) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.SWITCHING_PROTOCOLS);
        HttpHeaders out = response.headers();
        out.set(HttpHeaderNames.UPGRADE, "websocket");
        out.set(HttpHeaderNames.CONNECTION, "Upgrade");
        out.set(HttpHeaderNames.SEC_WEBSOCKET_ACCEPT, acceptValue(request.headers().get(HttpHeaderNames.SEC_WEBSOCKET_KEY)));
        if (subprotocol != null) {
            out.set(HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL, subprotocol);
        }
        if (extensions != null) {
            out.set(HttpHeaderNames.SEC_WEBSOCKET_EXTENSIONS, extensions);
        }
        for (Header header : headers) {
            out.add(header.name(), header.value());
        }
        return response;
    }

    private static List<String> tokens(List<String> values) {
        return values.stream().flatMap(v -> Arrays.stream(v.split(",")))
                .map(t -> t.strip().toLowerCase(Locale.ROOT)).filter(t -> !t.isEmpty()).toList();
    }
}
