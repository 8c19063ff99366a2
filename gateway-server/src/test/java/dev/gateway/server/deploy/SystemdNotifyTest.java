package dev.gateway.server.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gateway.server.support.Await;
import dev.gateway.server.support.ServerProcess;
import dev.gateway.testapps.Hello;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.unix.DomainDatagramSocketAddress;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.channel.unix.Socket;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * sd_notify: the real server in a child JVM with {@code NOTIFY_SOCKET} naming a Unix datagram socket
 * this test bound (a path, or an abstract {@code @name} as systemd uses), as systemd runs a
 * {@code Type=notify} service: READY=1 once serving, RELOADING=1 then READY=1 around a HUP, watchdog
 * pings while the loop runs, STOPPING=1 at TERM.
 */
class SystemdNotifyTest {

    private static final Duration GUARD = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"path", "abstract"})
    void readyReloadingWatchdogAndStopping(String kind) throws Exception {
        Epoll.ensureAvailability();
        String name = kind.equals("path") ? dir.resolve("notify").toString() : "@gateway-notify-test-" + ProcessHandle.current().pid();
        try (Receiver systemd = new Receiver(name.startsWith("@") ? "\0" + name.substring(1) : name)) {
            // WATCHDOG_USEC of 0.4 s: a ping every 0.2 s.
            try (ServerProcess server = ServerProcess.start(Map.of("NOTIFY_SOCKET", name, "WATCHDOG_USEC", "400000"),
                    "-w", "2", "--no-control-socket", Hello.class.getName())) {
                systemd.await("READY=1", 1, server);
                String ready = systemd.first("READY=1");
                assertTrue(ready.contains("STATUS=Serving with 2 workers (generation 0)"), ready);
                systemd.await("WATCHDOG=1", 3, server);

                server.signal("HUP");
                systemd.await("READY=1", 2, server);
                List<String> all = systemd.messages();
                int reloading = indexOf(all, "RELOADING=1");
                assertTrue(reloading > 0 && reloading < lastIndexOf(all, "READY=1"), "RELOADING=1 before the second READY=1: " + all);
                assertTrue(all.get(reloading).contains("MONOTONIC_USEC="), all.get(reloading));

                server.signal("TERM");
                systemd.await("STOPPING=1", 1, server);
                assertEquals(0, server.awaitExit(GUARD));
                assertEquals(1, systemd.count("STOPPING=1"), systemd.messages().toString());
            }
        }
    }

    @Test
    void withoutNotifySocketNothingIsSentAndAnUnreachableOneIsNoFailure() throws Exception {
        try (ServerProcess server = ServerProcess.start(Map.of("NOTIFY_SOCKET", dir.resolve("nobody").toString()),
                "--no-control-socket", Hello.class.getName())) {
            server.awaitLog("Cannot reach NOTIFY_SOCKET", 1, GUARD);
            server.signal("TERM");
            assertEquals(0, server.awaitExit(GUARD));
        }
    }

    private static int indexOf(List<String> messages, String key) {
        for (int i = 0; i < messages.size(); i++) {
            if (messages.get(i).lines().anyMatch(key::equals)) {
                return i;
            }
        }
        return -1;
    }

    private static int lastIndexOf(List<String> messages, String key) {
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (messages.get(i).lines().anyMatch(key::equals)) {
                return i;
            }
        }
        return -1;
    }

    /** systemd's side: a bound Unix datagram socket, read without blocking (Netty's native socket). */
    private static final class Receiver implements AutoCloseable {
        private final Socket socket = Socket.newSocketDomainDgram();
        private final ByteBuffer buffer = ByteBuffer.allocateDirect(4096);
        private final List<String> messages = new ArrayList<>();

        Receiver(String address) throws IOException {
            socket.bind(new DomainSocketAddress(address));
        }

        List<String> messages() throws IOException {
            for (DomainDatagramSocketAddress from; (from = socket.recvFromDomainSocket(buffer.clear(), 0, buffer.capacity())) != null; ) {
                byte[] bytes = new byte[from.receivedAmount()];
                buffer.get(0, bytes);
                messages.add(new String(bytes, StandardCharsets.UTF_8));
            }
            return List.copyOf(messages);
        }

        int count(String key) throws IOException {
            return (int) messages().stream().filter(m -> m.lines().anyMatch(key::equals)).count();
        }

        String first(String key) throws IOException {
            return messages().stream().filter(m -> m.lines().anyMatch(key::equals)).findFirst().orElseThrow();
        }

        void await(String key, int times, ServerProcess server) {
            Await.until(GUARD, times + " x " + key, () -> count(key) >= times, () -> messages + "\n" + server.log());
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
