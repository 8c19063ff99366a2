package dev.gateway.server.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.gateway.server.config.Settings;
import dev.gateway.server.config.WorkerClass;
import dev.gateway.server.embed.Gateway;
import dev.gateway.server.embed.RunningGateway;
import dev.gateway.testapps.Sockets;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Python's {@code websockets} library (Debian's python3-websockets; .ci/run installs it) against the
 * echo application: compression, fragmentation both ways, binary, ping and close codes, from a client
 * written by others. Skipped without the library, except in CI ({@code CI=true}), where it fails.
 */
class PythonClientTest {

    /** Debian's interpreter first: its dist-packages hold the library even when another python3 comes first on the PATH. */
    private static final List<String> PYTHONS = List.of("/usr/bin/python3", "python3");

    @Test
    void pythonWebsocketsTalksToTheEchoApplication(@TempDir Path dir) throws Exception {
        String python = pythonWithWebsockets();
        Path script = dir.resolve("websockets_client.py");
        try (var in = PythonClientTest.class.getResourceAsStream("/websocket/websockets_client.py")) {
            Files.copy(in, script);
        }
        try (RunningGateway gateway = Gateway.builder(new Sockets()).set(Settings.WORKER_CLASS, WorkerClass.VIRTUAL)
                .set(Settings.WORKERS, 2).set(Settings.GRACEFUL_TIMEOUT, 1).start()) {
            Process client = new ProcessBuilder(python, script.toString(), Integer.toString(gateway.port()))
                    .redirectErrorStream(true).start();
            try {
                String output = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(client.waitFor(60, TimeUnit.SECONDS), output);
                assertEquals(0, client.exitValue(), output);
                assertEquals(8, output.lines().filter(line -> line.startsWith("ok ")).count(), output);
            } finally {
                client.destroyForcibly();
            }
        }
    }

    private static String pythonWithWebsockets() throws InterruptedException {
        for (String python : PYTHONS) {
            try {
                Process probe = new ProcessBuilder(python, "-c", "import websockets").redirectErrorStream(true).start();
                try {
                    if (probe.waitFor(20, TimeUnit.SECONDS) && probe.exitValue() == 0) {
                        return python;
                    }
                } finally {
                    probe.destroyForcibly();
                }
            } catch (IOException e) {
                // not this one
            }
        }
        if ("true".equals(System.getenv("CI"))) {
            fail("python3-websockets is not installed; .ci/run must install it");
        }
        Assumptions.abort("python3-websockets is not installed here (apt-get install python3-websockets); CI runs this test");
        return null;
    }
}
