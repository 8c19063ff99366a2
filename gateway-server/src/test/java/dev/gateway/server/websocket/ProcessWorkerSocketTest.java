package dev.gateway.server.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.gateway.server.support.JdkSocket;
import dev.gateway.server.support.ServerProcess;
import dev.gateway.testapps.Sockets;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A socket on a process worker: the heartbeat reports no stuck request while a healthy socket stays
 * open past {@code timeout} (the master would kill the worker otherwise), and TERM closes the socket
 * with 1001 once {@code graceful_timeout} passed.
 */
class ProcessWorkerSocketTest {

    @Test
    void aLongSocketOutlivesTheTimeoutAndTermClosesItWith1001() throws Exception {
        try (ServerProcess server = ServerProcess.start(Map.of(), "-k", "process", "-w", "1", "--threads", "2", "-t", "1",
                "--graceful-timeout", "1", Sockets.class.getName())) {
            server.await("the startup log line on WebSockets", Duration.ofSeconds(20),
                    () -> server.log().contains("WebSockets: each open socket holds a worker thread: at most 2 open sockets"));
            JdkSocket socket = JdkSocket.open(HttpClient.newHttpClient(), URI.create("ws://127.0.0.1:" + server.port() + "/echo"));
            assertEquals("one", socket.echo("one"));
            long pid = server.workerProcesses().get(0).pid();
            // Three timeouts long: a request would be reported stuck, its worker killed.
            Thread.sleep(3_000);
            assertEquals("two", socket.echo("two"));
            assertFalse(server.log().contains("WORKER TIMEOUT"), server.log());
            assertEquals(pid, server.workerProcesses().get(0).pid());
            server.signal("TERM");
            assertEquals(1001, socket.closeCode());
            assertEquals(0, server.awaitExit(Duration.ofSeconds(20)));
        }
    }
}
