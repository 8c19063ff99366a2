package dev.gateway.examples.websocket;

import dev.gateway.examples.QueryParams;
import dev.gateway.spi.Application;
import dev.gateway.spi.Body;
import dev.gateway.spi.Environ;
import dev.gateway.spi.Header;
import dev.gateway.spi.StartResponse;
import dev.gateway.spi.websocket.Message;
import dev.gateway.spi.websocket.WebSocket;
import dev.gateway.spi.websocket.WebSocketUpgrade;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A chat room: every text message a member sends goes to every member, prefixed with the sender's
 * name ({@code ?name=ada}); joins and leaves are announced. A plain GET serves a small page that
 * connects from the browser.
 *
 * <p>Each member's call receives on its own thread and sends to the others from there: sends are
 * thread-safe and block while a member's connection is full, so one member that stops reading slows
 * whoever talks to it (a larger application gives each member a bounded queue of its own and drops
 * or disconnects a member that falls behind). The room lives in this instance: with several process
 * workers each worker has a room of its own (use {@code -k virtual} or {@code thread}).
 *
 * <pre>bin/gateway -k virtual --classpath examples/target/classes dev.gateway.examples.websocket.ChatRoom
 * open http://127.0.0.1:8000/ in two browser tabs</pre>
 */
public final class ChatRoom implements Application {

    private final Set<WebSocket> members = ConcurrentHashMap.newKeySet();

    @Override
    public Iterable<byte[]> call(Environ environ, StartResponse startResponse) throws Exception {
        WebSocketUpgrade upgrade = WebSocketUpgrade.of(environ);
        if (upgrade == null) {
            startResponse.start("200 OK", List.of(Header.of("Content-Type", "text/html; charset=utf-8")));
            return Body.of(PAGE);
        }
        String name = QueryParams.parse(environ.queryString()).get("name");
        name = name == null || name.isBlank() ? "anonymous" : name;
        WebSocket socket = upgrade.accept();
        members.add(socket);
        try {
            broadcast(name + " joined");
            for (Message message; (message = socket.receive()) != null; ) {
                if (message.isText()) {
                    broadcast(name + ": " + message.text());
                }
            }
        } finally {
            members.remove(socket);
            broadcast(name + " left");
        }
        return Body.empty();
    }

    /** Sends {@code text} to every member; a member whose socket closed meanwhile is skipped. */
    private void broadcast(String text) {
        for (WebSocket member : members) {
            try {
                member.sendText(text);
            } catch (IOException e) {
                members.remove(member); // it left; its own call ends on its side
            }
        }
    }

    /** How many members are connected now. */
    public int size() {
        return members.size();
    }

    private static final String PAGE = """
            <!doctype html>
            <meta charset="utf-8"><title>Chat</title>
            <ul id="log"></ul>
            <form id="say"><input id="text" autocomplete="off" autofocus><button>Send</button></form>
            <script>
            const name = prompt("Your name?") || "anonymous";
            const socket = new WebSocket(location.origin.replace(/^http/, "ws") + "/?name=" + encodeURIComponent(name));
            socket.onmessage = e => { const li = document.createElement("li"); li.textContent = e.data; log.append(li); };
            say.onsubmit = e => { e.preventDefault(); socket.send(text.value); text.value = ""; };
            </script>
            """;
}
