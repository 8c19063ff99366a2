package dev.gateway.server.net;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gateway.server.support.InheritedSocketLauncher;
import dev.gateway.server.support.InheritedSocketLauncher.Launched;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Listeners bound by someone else: {@code -b fd://3} and systemd socket activation, with a parent
 * process that binds the socket and execs the server ({@link InheritedSocketLauncher}).
 */
class InheritedSocketTest {

    @TempDir
    Path dir;

    @Test
    void bindFdServesAnInheritedTcpListener() throws Exception {
        Launched server = launch("tcp", "-", "plain", "-b", "fd://3");
        try {
            String response = get(new InetSocketAddress("127.0.0.1", server.port()));
            assertTrue(response.startsWith("HTTP/1.1 200"), response + server.output());
            assertTrue(response.endsWith("Hello, World!"), response);
        } finally {
            server.stop();
        }
        assertTrue(server.output().contains("Listening at: http://127.0.0.1:" + server.port()), server.output());
    }

    @Test
    void systemdSocketActivationHandsAUnixSocketToProcessWorkers() throws Exception {
        Path socket = dir.resolve("activated.sock");
        // The --bind given is ignored: under socket activation systemd's sockets are the listeners.
        Launched server = launch("unix", socket.toString(), "systemd", "-k", "process", "-w", "2", "-b", "127.0.0.1:1");
        try {
            for (int i = 0; i < 4; i++) {
                String response = get(UnixDomainSocketAddress.of(socket));
                assertTrue(response.startsWith("HTTP/1.1 200"), response + server.output());
            }
        } finally {
            server.stop();
        }
        String log = server.output();
        assertTrue(log.contains("Socket activation: serving 1 listener(s) from systemd"), log);
        assertTrue(log.contains("Listening at: unix:" + socket), log);
    }

    @Test
    void systemdSocketActivationHandsATcpSocketToProcessWorkers() throws Exception {
        Launched server = launch("tcp", "-", "systemd", "-k", "process", "-w", "2", "-b", "127.0.0.1:1");
        try {
            for (int i = 0; i < 4; i++) {
                String response = get(new InetSocketAddress("127.0.0.1", server.port()));
                assertTrue(response.startsWith("HTTP/1.1 200"), response + server.output());
            }
        } finally {
            server.stop();
        }
        String log = server.output();
        assertTrue(log.contains("Socket activation: serving 1 listener(s) from systemd"), log);
        assertTrue(log.contains("Listening at: http://127.0.0.1:" + server.port()), log);
    }

    @Test
    void systemdSocketActivationServesAUnixSocketInProcess() throws Exception {
        Path socket = dir.resolve("threads.sock");
        Launched server = launch("unix", socket.toString(), "systemd", "-k", "thread", "-b", "127.0.0.1:1");
        try {
            String response = get(UnixDomainSocketAddress.of(socket));
            assertTrue(response.startsWith("HTTP/1.1 200"), response + server.output());
        } finally {
            server.stop();
        }
        assertTrue(server.output().contains("Listening at: unix:" + socket), server.output());
    }

    private Launched launch(String kind, String address, String mode, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(InheritedSocketLauncher.serverJvm());
        command.addAll(List.of(args));
        command.add("dev.gateway.testapps.Hello");
        return InheritedSocketLauncher.launch(kind, address, mode, command, dir);
    }

    /** One request, read to the end of the response (Connection: close). */
    private static String get(SocketAddress address) throws IOException {
        return InheritedSocketLauncher.get(address, "/");
    }
}
