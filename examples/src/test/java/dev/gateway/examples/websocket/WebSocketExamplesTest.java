package dev.gateway.examples.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gateway.server.config.Settings;
import dev.gateway.server.config.WorkerClass;
import dev.gateway.server.embed.Gateway;
import dev.gateway.server.embed.RunningGateway;
import dev.gateway.spi.testing.TestClient;
import dev.gateway.spi.testing.TestRequest;
import dev.gateway.spi.testing.TestResponse;
import dev.gateway.spi.testing.TestWebSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The WebSocket and Server-Sent Events examples, in process and over real sockets. */
class WebSocketExamplesTest {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    @Test
    void echoInProcess() throws Exception {
        try (TestWebSocket socket = new TestClient(new Echo()).websocket("/")) {
            socket.sendText("hi");
            assertEquals("hi", socket.receive().text());
            socket.sendBinary(new byte[] {7});
            assertEquals(7, socket.receive().data()[0]);
        }
        assertEquals(426, new TestClient(new Echo()).get("/").statusCode());
    }

    @Test
    void chatRoomBroadcastsInProcess() throws Exception {
        ChatRoom room = new ChatRoom();
        TestClient client = new TestClient(room);
        try (TestWebSocket ada = client.websocket("/?name=ada")) {
            assertEquals("ada joined", ada.receive().text());
            try (TestWebSocket bob = client.websocket("/?name=bob")) {
                assertEquals("bob joined", ada.receive().text());
                assertEquals("bob joined", bob.receive().text());
                bob.sendText("hello");
                assertEquals("bob: hello", ada.receive().text());
                assertEquals("bob: hello", bob.receive().text());
            }
            assertEquals("bob left", ada.receive().text());
        }
        assertTrue(client.get("/").text().contains("new WebSocket"));
    }

    @Test
    void eventStreamInProcessResumesAfterLastEventId() throws Exception {
        TestResponse response = new TestClient(new EventStream())
                .send(TestRequest.get("/?ticks=2&interval=1").header("Last-Event-ID", "41"));
        assertEquals("text/event-stream; charset=utf-8", response.header("Content-Type"));
        assertEquals("id: 42\ndata: tick 42\n\nid: 43\ndata: tick 43\n\n", response.text());
    }

    @Test
    void echoAndChatOverSockets() throws Exception {
        try (RunningGateway gateway = Gateway.builder(new Echo()).set(Settings.WORKER_CLASS, WorkerClass.VIRTUAL)
                .set(Settings.GRACEFUL_TIMEOUT, 1).start()) {
            Texts echo = Texts.open(URI.create("ws://127.0.0.1:" + gateway.port() + "/"));
            echo.socket.sendText("over the wire", true).get(20, TimeUnit.SECONDS);
            assertEquals("over the wire", echo.next());
            echo.socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(20, TimeUnit.SECONDS);
        }
        ChatRoom room = new ChatRoom();
        try (RunningGateway gateway = Gateway.builder(room).set(Settings.WORKER_CLASS, WorkerClass.VIRTUAL).set(Settings.WORKERS, 2)
                .set(Settings.GRACEFUL_TIMEOUT, 1).start()) {
            String base = "ws://127.0.0.1:" + gateway.port() + "/?name=";
            Texts ada = Texts.open(URI.create(base + "ada"));
            assertEquals("ada joined", ada.next());
            Texts bob = Texts.open(URI.create(base + "bob"));
            assertEquals("bob joined", ada.next());
            assertEquals("bob joined", bob.next());
            ada.socket.sendText("hi bob", true).get(20, TimeUnit.SECONDS);
            assertEquals("ada: hi bob", bob.next());
            assertEquals("ada: hi bob", ada.next());
            bob.socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(20, TimeUnit.SECONDS);
            assertEquals("bob left", ada.next());
            ada.socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(20, TimeUnit.SECONDS);
        }
    }

    @Test
    void anEventStreamOutlivesTheRequestTimeout() throws Exception {
        try (RunningGateway gateway = Gateway.builder(new EventStream()).set(Settings.TIMEOUT, 1).start()) {
            // Six events 400 ms apart: 2 s, twice the request timeout.
            HttpResponse<String> response = CLIENT.send(HttpRequest.newBuilder(gateway.baseUri().resolve("/?ticks=6&interval=400")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode());
            assertTrue(response.body().endsWith("id: 5\ndata: tick 5\n\n"), response.body());
        }
    }

    /** Java's WebSocket client, its text messages in a queue. */
    private static final class Texts implements WebSocket.Listener {
        final BlockingQueue<String> texts = new LinkedBlockingQueue<>();
        private final StringBuilder partial = new StringBuilder();
        WebSocket socket;

        static Texts open(URI uri) throws Exception {
            Texts texts = new Texts();
            texts.socket = CLIENT.newWebSocketBuilder().buildAsync(uri, texts).get(20, TimeUnit.SECONDS);
            return texts;
        }

        String next() throws InterruptedException {
            String text = texts.poll(20, TimeUnit.SECONDS);
            assertTrue(text != null, "a message within 20 s");
            return text;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                texts.add(partial.toString());
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }
    }
}
