package dev.gateway.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2Headers;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The request head made from a stream's HEADERS (RFC 9113 sections 8.2.3 and 8.3.1). */
class Http2RequestHeadTest {

    private static Http2Headers get(String path) {
        return new DefaultHttp2Headers(false).method("GET").scheme("https").authority("example.org").path(path);
    }

    @Test
    void thePseudoHeadersBecomeTheRequestLineAndHostAndNoFieldOfTheirOwn() {
        HttpRequest request = Http2RequestHead.of(get("/a?b=1").add("x-custom", "yes"));
        assertEquals("HTTP/2.0", request.protocolVersion().text());
        assertEquals("GET", request.method().name());
        assertEquals("/a?b=1", request.uri());
        assertEquals(List.of("example.org"), request.headers().getAll(HttpHeaderNames.HOST));
        assertEquals("yes", request.headers().get("x-custom"));
        assertEquals(2, request.headers().size(), request.headers().toString());
    }

    @Test
    void cookieCrumbsAreJoinedIntoOneField() {
        HttpRequest request = Http2RequestHead.of(get("/").add("cookie", "a=1").add("cookie", "b=2"));
        assertEquals(List.of("a=1; b=2"), request.headers().getAll(HttpHeaderNames.COOKIE));
    }

    @Test
    void aHostThatNamesAnotherAuthorityIsKeptBesideItSoTheRequestIsRefused() {
        assertEquals(1, Http2RequestHead.of(get("/").add("host", "EXAMPLE.org")).headers().getAll(HttpHeaderNames.HOST).size());
        assertEquals(2, Http2RequestHead.of(get("/").add("host", "other.org")).headers().getAll(HttpHeaderNames.HOST).size());
    }

    @Test
    void aRequestWithoutMethodOrPathOrWithAForbiddenValueIsMalformed() {
        assertNull(Http2RequestHead.of(new DefaultHttp2Headers(false).method("GET").authority("example.org")));
        assertNull(Http2RequestHead.of(new DefaultHttp2Headers(false).path("/")));
        assertNull(Http2RequestHead.of(get("/").add("x-split", "a\r\nb: c")));
    }
}
