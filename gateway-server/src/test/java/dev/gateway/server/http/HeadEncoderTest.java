package dev.gateway.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The response head as bytes: each char its Latin-1 byte (RFC 9110 section 5.5 obs-text included), any length. */
class HeadEncoderTest {

    @Test
    void writesTheStatusLineAndFieldsAsLatin1() {
        String head = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nX-Name: caf\u00e9 \u00ff\r\n\r\n";
        ByteBuf bytes = new HeadEncoder().statusLine("HTTP/1.1", "200 OK")
                .field("Content-Type", "text/plain")
                .field("X-Name", "caf\u00e9 \u00ff")
                .end(UnpooledByteBufAllocator.DEFAULT, 0);
        try {
            assertEquals(head, bytes.toString(StandardCharsets.ISO_8859_1));
            assertEquals(head.length(), bytes.readableBytes()); // one byte per char
        } finally {
            bytes.release();
        }
    }

    @Test
    void growsPastItsTypicalSizeAndLeavesRoomForTheBody() {
        HeadEncoder encoder = new HeadEncoder().statusLine("HTTP/1.1", "404 Not Found");
        StringBuilder expected = new StringBuilder("HTTP/1.1 404 Not Found\r\n");
        for (int i = 0; i < 40; i++) {
            String value = "v".repeat(i * 7);
            encoder.field("X-Field-" + i, value);
            expected.append("X-Field-").append(i).append(": ").append(value).append("\r\n");
        }
        expected.append("\r\n");
        ByteBuf bytes = encoder.end(UnpooledByteBufAllocator.DEFAULT, 13);
        try {
            assertEquals(expected.toString(), bytes.toString(StandardCharsets.ISO_8859_1));
            assertEquals(true, bytes.writableBytes() >= 13, "room for the body");
        } finally {
            bytes.release();
        }
    }
}
