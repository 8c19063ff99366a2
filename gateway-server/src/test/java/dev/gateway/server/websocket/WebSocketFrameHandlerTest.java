package dev.gateway.server.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gateway.server.support.LeakWatcher;
import dev.gateway.spi.websocket.Message;
import dev.gateway.spi.websocket.WebSocket;
import dev.gateway.spi.websocket.WebSocketClosedException;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The protocol on the event loop, without a socket (RFC 6455 sections 5 and 7). */
class WebSocketFrameHandlerTest {

    private static final WebSocketOptions SMALL = new WebSocketOptions(200, 300, Duration.ZERO, false, List.of());
    private static LeakWatcher leaks;

    @BeforeAll
    static void watchLeaks() {
        leaks = new LeakWatcher();
    }

    @AfterAll
    static void noBufferLeaked() throws InterruptedException {
        leaks.assertNoLeakAndClose();
    }

    @Test
    void wholeAndFragmentedMessagesReachTheSession() throws Exception {
        try (FrameChannel c = new FrameChannel(SMALL)) {
            c.clientSends(new TextWebSocketFrame("héllo"));
            c.clientSends(new BinaryWebSocketFrame(false, 0, Unpooled.wrappedBuffer(new byte[] {1, 2})));
            c.clientSends(new PingWebSocketFrame(Unpooled.wrappedBuffer(new byte[] {9}))); // between fragments
            c.clientSends(new ContinuationWebSocketFrame(true, 0, Unpooled.wrappedBuffer(new byte[] {3})));
            assertEquals("héllo", c.session.receive().text());
            Message binary = c.session.receive();
            assertFalse(binary.isText());
            assertEquals(3, binary.data().length);
            List<WebSocketFrame> out = c.serverFrames();
            PongWebSocketFrame pong = assertInstanceOf(PongWebSocketFrame.class, out.get(0));
            assertEquals(9, pong.content().getByte(0), "a pong carries the ping's data");
            out.forEach(WebSocketFrame::release);
        }
    }

    @Test
    void aPeerCloseIsEchoedAndEndsTheSession() throws Exception {
        try (FrameChannel c = new FrameChannel(SMALL)) {
            c.clientSends(new CloseWebSocketFrame(4001, "done"));
            CloseWebSocketFrame echo = assertInstanceOf(CloseWebSocketFrame.class, c.serverFrames().get(0));
            assertEquals(4001, echo.statusCode());
            echo.release();
            assertNull(c.session.receive());
            assertEquals(4001, c.session.closeCode());
            assertEquals("done", c.session.closeReason());
            assertFalse(c.channel.isOpen(), "the server closes the TCP connection first");
            assertThrows(WebSocketClosedException.class, () -> c.session.sendText("late"));
        }
    }

    @Test
    void theApplicationsCloseWaitsForThePeersAnswer() throws Exception {
        try (FrameChannel c = new FrameChannel(SMALL)) {
            c.session.sendText("bye");
            c.session.close(4000, "app");
            List<WebSocketFrame> out = c.serverFrames();
            assertEquals("bye", ((TextWebSocketFrame) out.get(0)).text());
            assertEquals(4000, ((CloseWebSocketFrame) out.get(1)).statusCode());
            out.forEach(WebSocketFrame::release);
            assertTrue(c.channel.isOpen(), "open until the peer answers");
            c.clientSends(new TextWebSocketFrame("still in flight"));
            c.clientSends(new CloseWebSocketFrame(4000, ""));
            assertEquals("still in flight", c.session.receive().text());
            assertNull(c.session.receive());
            assertFalse(c.channel.isOpen());
            assertEquals(4000, c.session.sentCode());
        }
    }

    @Test
    void aFragmentedStreamGoesOutInFragments() throws Exception {
        try (FrameChannel c = new FrameChannel(SMALL)) {
            try (OutputStream out = c.session.sendStream(true)) {
                out.write("ab".getBytes(StandardCharsets.UTF_8));
                out.write("cd".getBytes(StandardCharsets.UTF_8));
            }
            List<WebSocketFrame> out = c.serverFrames();
            assertEquals(3, out.size());
            assertInstanceOf(TextWebSocketFrame.class, out.get(0));
            assertFalse(out.get(0).isFinalFragment());
            assertInstanceOf(ContinuationWebSocketFrame.class, out.get(1));
            assertTrue(out.get(2).isFinalFragment());
            out.forEach(WebSocketFrame::release);
        }
    }

    @Test
    void readingStopsWhileTheApplicationLagsAndResumesAfter() throws Exception {
        try (FrameChannel c = new FrameChannel(SMALL)) {
            for (int i = 0; i < ServerWebSocket.CAPACITY; i++) {
                c.clientSends(new TextWebSocketFrame("m" + i));
            }
            assertFalse(c.session.hasRoom(), "the queue holds at most CAPACITY messages before reads stop");
            assertEquals("m0", c.session.receive().text());
            c.channel.runPendingTasks();
            assertTrue(c.session.hasRoom());
        }
    }

    static Stream<Arguments> malformed() {
        byte[] unmasked = {(byte) 0x81, 0x02, 'h', 'i'};
        byte[] reservedBits = masked(0xC1, "hi".getBytes(StandardCharsets.US_ASCII));
        byte[] badOpcode = masked(0x83, new byte[] {1});
        byte[] continuationFirst = masked(0x80, new byte[] {1});
        byte[] bigPing = masked(0x89, new byte[126]);
        byte[] fragmentedPing = masked(0x09, new byte[] {1});
        byte[] badCloseCode = masked(0x88, new byte[] {0x03, (byte) 0xE7}); // 999
        byte[] reservedCloseCode = masked(0x88, new byte[] {0x03, (byte) 0xED}); // 1005
        byte[] badUtf8 = masked(0x81, new byte[] {(byte) 0xC3, 0x28});
        byte[] badUtf8Fragments = concat(masked(0x01, new byte[] {'a', (byte) 0xF0}), masked(0x80, new byte[] {0x28}));
        byte[] bigFrame = masked(0x82, new byte[201]);
        byte[] bigMessage = concat(masked(0x02, new byte[150]), masked(0x80, new byte[151]));
        return Stream.of(
                Arguments.of("an unmasked client frame", unmasked, WebSocket.PROTOCOL_ERROR),
                Arguments.of("reserved bits without an extension", reservedBits, WebSocket.PROTOCOL_ERROR),
                Arguments.of("a reserved opcode", badOpcode, WebSocket.PROTOCOL_ERROR),
                Arguments.of("a continuation without a start", continuationFirst, WebSocket.PROTOCOL_ERROR),
                Arguments.of("a control frame over 125 bytes", bigPing, WebSocket.PROTOCOL_ERROR),
                Arguments.of("a fragmented control frame", fragmentedPing, WebSocket.PROTOCOL_ERROR),
                Arguments.of("an invalid close code", badCloseCode, WebSocket.PROTOCOL_ERROR),
                Arguments.of("a close code that is never sent", reservedCloseCode, WebSocket.PROTOCOL_ERROR),
                Arguments.of("text that is not UTF-8", badUtf8, WebSocket.INVALID_PAYLOAD),
                Arguments.of("text that is not UTF-8 across fragments", badUtf8Fragments, WebSocket.INVALID_PAYLOAD),
                Arguments.of("a frame over websocket_max_frame_size", bigFrame, WebSocket.MESSAGE_TOO_BIG),
                Arguments.of("a message over websocket_max_message_size", bigMessage, WebSocket.MESSAGE_TOO_BIG));
    }

    @ParameterizedTest(name = "{0} closes with {2}")
    @MethodSource("malformed")
    void malformedInputClosesWithTheRfcCode(String what, byte[] bytes, int code) throws Exception {
        try (FrameChannel c = new FrameChannel(SMALL)) {
            c.clientSendsBytes(bytes);
            List<WebSocketFrame> out = c.serverFrames();
            CloseWebSocketFrame close = assertInstanceOf(CloseWebSocketFrame.class, out.get(0), what);
            assertEquals(code, close.statusCode(), what + ": " + close.reasonText());
            out.forEach(WebSocketFrame::release);
            assertFalse(c.channel.isOpen(), what + ": the connection is failed (RFC 6455 section 7.1.7)");
            assertNull(c.session.receive());
            assertEquals(WebSocket.ABNORMAL_CLOSURE, c.session.closeCode(), "the peer sent no close");
        }
    }

    /** A client frame with the all-zero mask (masking with zeros leaves the payload as it is). */
    static byte[] masked(int firstByte, byte[] payload) {
        int n = payload.length;
        byte[] head = n < 126 ? new byte[] {(byte) firstByte, (byte) (0x80 | n), 0, 0, 0, 0}
                : n < 65536 ? new byte[] {(byte) firstByte, (byte) (0x80 | 126), (byte) (n >> 8), (byte) n, 0, 0, 0, 0}
                : new byte[] {(byte) firstByte, (byte) (0x80 | 127), 0, 0, 0, 0, (byte) (n >> 24), (byte) (n >> 16), (byte) (n >> 8), (byte) n,
                        0, 0, 0, 0};
        return concat(head, payload);
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] both = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}
