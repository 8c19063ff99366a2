package dev.gateway.server.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/**
 * The responses the server writes itself (bad requests, application failures): a short plain-text
 * body naming the status, never a stack trace.
 */
final class ErrorResponses {

    private ErrorResponses() {
    }

    /**
     * A complete response for {@code status}.
     *
     * @param close true to announce {@code Connection: close}
     */
    static FullHttpResponse of(HttpResponseStatus status, boolean close) {
        ByteBuf body = Unpooled.copiedBuffer(text(status), StandardCharsets.US_ASCII);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body);
        // Title-case names, as in the application's responses (ResponseWriter): names are
        // case-insensitive (RFC 9110 section 5.1), but people read these.
        response.headers()
                .set("Content-Type", HttpHeaderValues.TEXT_PLAIN)
                .set("Content-Length", body.readableBytes())
                .set("Date", DateHeader.now())
                .set("Server", "gateway");
        if (close) {
            response.headers().set("Connection", HttpHeaderValues.CLOSE);
        }
        return response;
    }

    /** The body length of the answer for {@code status}: what the access log reports as its size. */
    static int bodyLength(HttpResponseStatus status) {
        return text(status).length();
    }

    private static String text(HttpResponseStatus status) {
        return status.code() + " " + status.reasonPhrase() + "\n";
    }
}
