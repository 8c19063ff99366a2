package dev.gateway.server.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gateway.server.config.ExitCode;
import dev.gateway.server.support.InheritedSocketLauncher;
import dev.gateway.server.support.ServerProcess;
import dev.gateway.testapps.Hello;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --log-config FILE}: a logback file replaces the built-in configuration in the master and in
 * every process worker, decides the levels unless {@code --log-level} is given, and a broken file
 * stops the start with exit code 5.
 */
class LogConfigTest {

    private static final Duration GUARD = Duration.ofSeconds(30);
    /** A configuration logback refuses: its only appender's class does not exist. */
    private static final String BROKEN =
            "<configuration><appender name=\"X\" class=\"no.such.Appender\"/><root><appender-ref ref=\"X\"/></root></configuration>";

    @TempDir
    Path dir;

    @Test
    void theFileFormatsTheMasterAndEveryProcessWorker() throws Exception {
        Path file = logbackFile("INFO");
        // --max-requests 1: the worker logs its retirement itself, so a line of the child's shows.
        try (ServerProcess server = ServerProcess.start(Map.of(), "-k", "process", "--max-requests", "1",
                "--log-config", file.toString(), Hello.class.getName())) {
            server.awaitLog("Worker ready (pid:", 1, GUARD);
            long worker = server.workerProcesses().get(0).pid();
            get(server, "/");
            server.awaitLog("CUSTOM [" + worker + "] gateway.arbiter Worker 1 served its 1 requests (max_requests): retiring", 1, GUARD);
            assertTrue(server.log().contains("CUSTOM [" + server.pid() + "] gateway.arbiter Listening at: http://127.0.0.1:"), server.log());
            assertFalse(server.log().contains("[INFO]"), "nothing in the built-in format:\n" + server.log());
        }
    }

    @Test
    void aProcessWorkerStartedAfterTheFileBrokeServesWithTheBuiltInConfiguration() throws Exception {
        Path file = logbackFile("INFO");
        try (ServerProcess server = ServerProcess.start(Map.of(), "-k", "process", "--max-requests", "1",
                "--log-config", file.toString(), Hello.class.getName())) {
            server.awaitLog("Worker ready (pid:", 1, GUARD);
            Files.writeString(file, BROKEN);
            get(server, "/"); // worker 1 retires after it; worker 2 boots with the broken file
            server.awaitLog("Worker 2: invalid value for --log-config", 1, GUARD);
            server.awaitLog("Worker ready (pid:", 2, GUARD);
            get(server, "/");
            assertTrue(server.log().contains("[ERROR] Worker 2: invalid value for --log-config"), "in the built-in format:\n" + server.log());
        }
    }

    @Test
    void theFileDecidesTheLevelUnlessLogLevelIsGiven() throws Exception {
        Path file = logbackFile("DEBUG");
        try (ServerProcess server = ServerProcess.start(Map.of(), "--log-config", file.toString(), Hello.class.getName())) {
            sendMalformedRequest(server.port());
            server.awaitLog("gateway.error refused request from", 1, GUARD);
        }
        try (ServerProcess server = ServerProcess.start(Map.of(), "--log-config", file.toString(), "--log-level", "info",
                Hello.class.getName())) {
            sendMalformedRequest(server.port());
            server.signal("TERM");
            assertEquals(0, server.awaitExit(GUARD), server.log());
            assertFalse(server.log().contains("refused request from"), server.log());
        }
    }

    @Test
    void aFileLogbackRejectsStopsTheStartWithExitCode5() throws Exception {
        Path file = Files.writeString(dir.resolve("broken.xml"), BROKEN);
        try (ServerProcess server = ServerProcess.launch(Map.of(), "--log-config", file.toString(), Hello.class.getName())) {
            assertEquals(ExitCode.CONFIG_ERROR.code(), server.awaitExit(GUARD), server.log());
            assertTrue(server.log().contains("gateway: error: invalid value for --log-config: " + file + ": "), server.log());
            assertFalse(server.log().contains("Listening at"), server.log());
        }
    }

    @Test
    void hupSetsLoggingUpAgainFromTheChangedSettingsAndABrokenFileFailsOnlyTheReload() throws Exception {
        Path settings = dir.resolve("gateway.properties");
        Path before = dir.resolve("before.log");
        Path after = dir.resolve("after.log");
        Files.writeString(settings, "accesslog = " + before + "\n");
        try (ServerProcess server = ServerProcess.start(Map.of(), "-c", settings.toString(), Hello.class.getName())) {
            get(server, "/one");
            Path file = logbackFile("INFO");
            Files.writeString(settings, "accesslog = " + after + "\nloglevel = debug\nlogconfig = " + file + "\n");
            server.signal("HUP");
            server.awaitLog("CUSTOM [" + server.pid() + "] gateway.arbiter Reloading: starting worker generation 1", 1, GUARD);
            sendMalformedRequest(server.port());
            server.awaitLog("CUSTOM [" + server.pid() + "] gateway.error refused request from", 1, GUARD);
            get(server, "/two");
            server.await("/two in the new access log", GUARD, () -> contains(after, "/two"));
            assertTrue(contains(before, "/one") && !contains(before, "/two"), "the old file keeps only the first request");

            Files.writeString(file, BROKEN);
            server.signal("HUP");
            server.awaitLog("Reload failed, the running configuration and application stay: invalid value for --log-config", 1, GUARD);
            assertTrue(server.log().contains("[ERROR] Reload failed"), "back to the built-in format:\n" + server.log());
            get(server, "/three");
            server.await("/three in the access log of the running settings", GUARD, () -> contains(after, "/three"));
        }
    }

    private static void get(ServerProcess server, String path) throws Exception {
        String response = InheritedSocketLauncher.get(new InetSocketAddress("127.0.0.1", server.port()), path);
        assertTrue(response.startsWith("HTTP/1.1 200"), response);
    }

    private static boolean contains(Path file, String text) {
        try {
            return Files.exists(file) && Files.readString(file).contains(text);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A logback file printing {@code CUSTOM [pid] logger message} on stderr, the gateway loggers at {@code level}. */
    private Path logbackFile(String level) throws Exception {
        return Files.writeString(dir.resolve("logback-" + level + ".xml"), """
                <configuration>
                  <conversionRule conversionWord="pid" class="dev.gateway.server.log.PidConverter"/>
                  <appender name="ERR" class="ch.qos.logback.core.ConsoleAppender">
                    <target>System.err</target>
                    <encoder><pattern>CUSTOM [%pid] %logger %msg%n</pattern></encoder>
                  </appender>
                  <logger name="gateway" level="LEVEL"/>
                  <root level="WARN"><appender-ref ref="ERR"/></root>
                </configuration>
                """.replace("LEVEL", level));
    }

    private static void sendMalformedRequest(int port) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            out.write("GET / HTTP/1.1\r\nHost: x\r\nBad Header: y\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertTrue(new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).startsWith("HTTP/1.1 400"));
        }
    }
}
