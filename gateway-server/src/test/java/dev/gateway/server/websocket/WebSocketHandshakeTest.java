package dev.gateway.server.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 6455 section 4.2.1's checks, the origin rule, and section 4.2.2's accept value. */
class WebSocketHandshakeTest {

    private static HttpRequest handshake() {
        HttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/chat");
        request.headers().set("Host", "example.com:8000").set("Upgrade", "websocket").set("Connection", "keep-alive, Upgrade")
                .set("Sec-WebSocket-Version", "13").set("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==");
        return request;
    }

    private static WebSocketHandshake.Refusal check(HttpRequest request) {
        return WebSocketHandshake.check(request, WebSocketOptions.DEFAULTS, "http");
    }

    @Test
    void theRfcExampleKeyGivesTheRfcAcceptValue() {
        assertEquals("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", WebSocketHandshake.acceptValue("dGhlIHNhbXBsZSBub25jZQ=="));
    }

    @Test
    void aValidHandshakePasses() {
        assertTrue(WebSocketHandshake.requested(handshake()));
        assertNull(check(handshake()));
    }

    @Test
    void anotherVersionIs426NamingVersion13() {
        HttpRequest request = handshake();
        request.headers().set("Sec-WebSocket-Version", "8");
        WebSocketHandshake.Refusal refusal = check(request);
        assertEquals(HttpResponseStatus.UPGRADE_REQUIRED, refusal.status());
        assertEquals("13", refusal.response(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, refusal.status()))
                .headers().get("Sec-WebSocket-Version"));
    }

    @Test
    void missingOrMalformedPartsAre400() {
        HttpRequest noVersion = handshake();
        noVersion.headers().remove("Sec-WebSocket-Version");
        HttpRequest shortKey = handshake();
        shortKey.headers().set("Sec-WebSocket-Key", "c2hvcnQ=");
        HttpRequest notBase64 = handshake();
        notBase64.headers().set("Sec-WebSocket-Key", "not base64 at all!!!!!!");
        HttpRequest twoKeys = handshake();
        twoKeys.headers().add("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==");
        HttpRequest noConnectionUpgrade = handshake();
        noConnectionUpgrade.headers().set("Connection", "keep-alive");
        HttpRequest post = handshake();
        post.setMethod(HttpMethod.POST);
        HttpRequest withBody = handshake();
        withBody.headers().set("Content-Length", "5");
        for (HttpRequest request : List.of(noVersion, shortKey, notBase64, twoKeys, noConnectionUpgrade, post, withBody)) {
            WebSocketHandshake.Refusal refusal = check(request);
            assertEquals(HttpResponseStatus.BAD_REQUEST, refusal.status(), refusal.reason());
        }
        assertTrue(check(noVersion).namesVersion());
    }

    @Test
    void crossOriginIsRefusedUnlessAllowed() {
        HttpRequest same = handshake();
        same.headers().set("Origin", "http://EXAMPLE.com:8000");
        assertNull(check(same));
        HttpRequest defaultPort = handshake();
        defaultPort.headers().set("Host", "example.com").set("Origin", "http://example.com:80");
        assertNull(check(defaultPort));
        HttpRequest other = handshake();
        other.headers().set("Origin", "https://evil.example");
        assertEquals(HttpResponseStatus.FORBIDDEN, check(other).status());
        WebSocketOptions allowing = new WebSocketOptions(65536, 1 << 20, Duration.ZERO, true, List.of("https://evil.example"));
        assertNull(WebSocketHandshake.check(other, allowing, "http"));
        WebSocketOptions any = new WebSocketOptions(65536, 1 << 20, Duration.ZERO, true, List.of("*"));
        assertNull(WebSocketHandshake.check(other, any, "http"));
        HttpRequest httpsPage = handshake();
        httpsPage.headers().set("Origin", "https://example.com:8000");
        assertEquals(HttpResponseStatus.FORBIDDEN, check(httpsPage).status(), "another scheme is another origin");
    }

    @Test
    void onlyTheWebsocketTokenAsksForAWebSocket() {
        HttpRequest h2c = handshake();
        h2c.headers().set("Upgrade", "h2c");
        assertFalse(WebSocketHandshake.requested(h2c));
        HttpRequest listed = handshake();
        listed.headers().set("Upgrade", "foo, WebSocket");
        assertTrue(WebSocketHandshake.requested(listed));
    }
}
