package dev.gateway.spi.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gateway.spi.Application;
import dev.gateway.spi.Body;
import dev.gateway.spi.Header;
import dev.gateway.spi.lint.LintError;
import dev.gateway.spi.lint.Rule;
import dev.gateway.spi.websocket.Message;
import dev.gateway.spi.websocket.WebSocket;
import dev.gateway.spi.websocket.WebSocketClosedException;
import dev.gateway.spi.websocket.WebSocketUpgrade;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** {@link TestClient#websocket}: an in-process socket to an application, under Lint. */
class TestWebSocketTest {

    /** Echoes every message; declines an ordinary request with 426. */
    static final Application ECHO = (environ, start) -> {
        WebSocketUpgrade upgrade = WebSocketUpgrade.of(environ);
        if (upgrade == null) {
            start.start("426 Upgrade Required", List.of(Header.of("Content-Type", "text/plain")));
            return Body.of("WebSocket only");
        }
        String chosen = upgrade.subprotocols().contains("echo") ? "echo" : null;
        WebSocket socket = upgrade.accept(chosen, List.of(Header.of("Set-Cookie", "seen=1")));
        for (Message m; (m = socket.receive()) != null; ) {
            if (m.text().equals("bye")) {
                socket.close(4000, "asked to");
            } else if (m.isText()) {
                socket.sendText(m.text());
            } else {
                socket.sendBinary(m.data());
            }
        }
        return Body.empty();
    };

    @Test
    void echoesTextBinaryAndFragmentedMessages() throws Exception {
        try (TestWebSocket socket = new TestClient(ECHO).websocket("/echo", "other", "echo")) {
            assertTrue(socket.accepted());
            assertEquals("echo", socket.subprotocol());
            assertEquals("seen=1", Header.firstValue(socket.headers(), "Set-Cookie"));
            socket.sendText("héllo");
            assertEquals("héllo", socket.receive().text());
            socket.sendBinary(new byte[] {0, 1, 2});
            Message binary = socket.receive();
            assertFalse(binary.isText());
            assertArrayEquals(new byte[] {0, 1, 2}, binary.data());
            try (OutputStream out = socket.sendStream(true)) {
                out.write("frag".getBytes(StandardCharsets.UTF_8));
                out.write("ments".getBytes(StandardCharsets.UTF_8));
            }
            assertEquals("fragments", socket.receive().text());
        }
    }

    @Test
    void theApplicationClosesWithItsCode() throws Exception {
        TestWebSocket socket = new TestClient(ECHO).websocket("/echo");
        assertNull(socket.subprotocol());
        socket.sendText("bye");
        assertNull(socket.receive());
        assertEquals(4000, socket.closeCode());
        assertEquals("asked to", socket.closeReason());
        assertThrows(WebSocketClosedException.class, () -> socket.sendText("more"));
        socket.join();
    }

    @Test
    void aDeclinedUpgradeIsAnOrdinaryResponse() throws Exception {
        Application declines = (environ, start) -> {
            start.start("403 Forbidden", List.of(Header.of("Content-Type", "text/plain")));
            return Body.of("not you");
        };
        TestWebSocket socket = new TestClient(declines).websocket("/x");
        assertFalse(socket.accepted());
        assertEquals(403, socket.response().statusCode());
        assertEquals("not you", socket.response().text());
        assertNull(socket.receive());
        assertThrows(WebSocketClosedException.class, () -> socket.sendText("x"));
    }

    @Test
    void anOrdinaryRequestHasNoUpgrade() throws Exception {
        assertEquals(426, new TestClient(ECHO).get("/echo").statusCode());
    }

    @Test
    void aSessionStillOpenWhenCallReturnsIsClosedWithNormalClosure() throws Exception {
        Application greets = (environ, start) -> {
            WebSocketUpgrade.of(environ).accept().sendText("hi");
            return Body.empty();
        };
        TestWebSocket socket = new TestClient(greets).websocket("/");
        assertEquals("hi", socket.receive().text());
        assertNull(socket.receive());
        assertEquals(WebSocket.NORMAL_CLOSURE, socket.closeCode());
        socket.join();
    }

    @Test
    void aFailingSessionClosesWith1011AndJoinRethrows() throws Exception {
        Application fails = (environ, start) -> {
            WebSocketUpgrade.of(environ).accept();
            throw new IllegalStateException("boom");
        };
        TestWebSocket socket = new TestClient(fails).websocket("/");
        assertNull(socket.receive());
        assertEquals(WebSocket.INTERNAL_ERROR, socket.closeCode());
        assertEquals("boom", assertThrows(IllegalStateException.class, socket::join).getMessage());
    }

    @Test
    void lintNamesABodyAfterAccept() throws Exception {
        Application broken = (environ, start) -> {
            WebSocketUpgrade.of(environ).accept();
            return Body.of("no body after a 101");
        };
        TestWebSocket socket = new TestClient(broken).websocket("/");
        assertNull(socket.receive());
        assertEquals(Rule.WS_5, assertThrows(LintError.class, socket::join).rule());
    }

    @Test
    void aSenderBlocksWhileTheReceiverLagsBehind() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger received = new AtomicInteger();
        Application slow = (environ, start) -> {
            WebSocket socket = WebSocketUpgrade.of(environ).accept();
            release.await(10, TimeUnit.SECONDS);
            while (socket.receive() != null) {
                received.incrementAndGet();
            }
            return Body.empty();
        };
        TestWebSocket socket = new TestClient(slow).websocket("/");
        CountDownLatch sent = new CountDownLatch(1);
        Thread sender = new Thread(() -> {
            try {
                for (int i = 0; i < MemoryWebSocket.CAPACITY + 1; i++) {
                    socket.sendText("m" + i);
                }
                sent.countDown();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        sender.start();
        assertFalse(sent.await(200, TimeUnit.MILLISECONDS), "the send past the capacity waits for the receiver");
        release.countDown();
        assertTrue(sent.await(10, TimeUnit.SECONDS));
        sender.join();
        socket.close();
        assertEquals(MemoryWebSocket.CAPACITY + 1, received.get());
    }
}
