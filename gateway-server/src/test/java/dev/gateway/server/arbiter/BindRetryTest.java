package dev.gateway.server.arbiter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gateway.server.config.ExitCode;
import dev.gateway.server.support.InheritedSocketLauncher;
import dev.gateway.server.support.ServerProcess;
import dev.gateway.testapps.Hello;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Gunicorn's patience with a busy address, on the command line: a port in use (the server being
 * replaced still holds it) is tried 5 times, 1 s apart, before the master gives up with exit code 1
 * and a last line saying what failed.
 */
class BindRetryTest {

    private static final Duration GUARD = Duration.ofSeconds(30);
    private static final String RETRYING = "Retrying in 1 second.";

    @ParameterizedTest
    @ValueSource(strings = {"thread", "process"})
    void aPortFreedDuringTheRetriesIsBoundAndServed(String workerClass) throws Exception {
        ServerSocket holder = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
        int port = holder.getLocalPort();
        try (holder; ServerProcess server = ServerProcess.launch(Map.of(), "-k", workerClass, "-b", "127.0.0.1:" + port,
                Hello.class.getName())) {
            server.awaitLog(RETRYING, 1, GUARD);
            assertTrue(server.log().contains("cannot bind 127.0.0.1:" + port + ": "), server.log());
            holder.close();
            server.awaitLog("Listening at: http://127.0.0.1:" + port + " ", 1, GUARD);
            String response = InheritedSocketLauncher.get(new InetSocketAddress("127.0.0.1", port), "/");
            assertTrue(response.startsWith("HTTP/1.1 200") && response.endsWith("Hello, World!"), response);
        }
    }

    @Test
    void aPortStillInUseAfterFiveTriesEndsTheStartWithExitCode1AndAFinalLine() throws Exception {
        try (ServerSocket holder = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
             ServerProcess server = ServerProcess.launch(Map.of(), "-b", "127.0.0.1:" + holder.getLocalPort(), Hello.class.getName())) {
            int port = holder.getLocalPort();
            assertEquals(ExitCode.ERROR.code(), server.awaitExit(GUARD), server.log());
            assertEquals(Arbiter.BIND_ATTEMPTS - 1, server.count(RETRYING), server.log());
            assertEquals(Arbiter.BIND_ATTEMPTS - 1, server.count("cannot bind 127.0.0.1:" + port + ": Address already in use"), server.log());
            // The last try ends the start with one line of its own, as Gunicorn's "Can't connect to ('127.0.0.1', 8000)".
            assertTrue(server.log().strip().endsWith("[ERROR] Can't connect to 127.0.0.1:" + port + ": Address already in use"),
                    server.log());
        }
    }
}
