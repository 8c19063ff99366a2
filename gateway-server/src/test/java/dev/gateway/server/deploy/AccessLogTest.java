package dev.gateway.server.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.gateway.server.arbiter.Arbiter;
import dev.gateway.server.config.LoggerNames;
import dev.gateway.server.config.Settings;
import dev.gateway.server.embed.Gateway;
import dev.gateway.server.embed.RunningGateway;
import dev.gateway.server.support.Await;
import dev.gateway.server.support.JsonTree;
import dev.gateway.server.support.RawClient;
import dev.gateway.server.support.ServerProcess;
import dev.gateway.testapps.Crash;
import dev.gateway.testapps.Hello;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** {@code --access-logfile}, {@code --access-logformat}, {@code --error-logfile} and USR1, over real sockets. */
class AccessLogTest {

    /** Hang guard for each wait on a log line. */
    private static final Duration GUARD = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    @Test
    void defaultFormatIsApacheCombinedWithEscapedValues() throws Exception {
        Path log = dir.resolve("access.log");
        try (RunningGateway gateway = Gateway.builder(new Hello()).set(Settings.ACCESSLOG, log.toString()).start();
             RawClient client = new RawClient(gateway.port())) {
            client.send("GET /hello?x=1 HTTP/1.1\r\nHost: h\r\nReferer: http://r/\r\nUser-Agent: evil\" 200 0 \"x\r\n"
                    + "Authorization: Basic dXNlcjpwYXNz\r\n\r\n").read();
            String line = awaitLines(log, 1).get(0);
            assertTrue(line.matches("127\\.0\\.0\\.1 - user \\[\\d{2}/\\w{3}/\\d{4}:\\d{2}:\\d{2}:\\d{2} [+-]\\d{4}] "
                    + "\"GET /hello\\?x=1 HTTP/1\\.1\" 200 13 \"http://r/\" \"evil\\\\\" 200 0 \\\\\"x\""), line);
        }
    }

    @Test
    void theRemoteAddressIsTheClientATrustedProxyNames() throws Exception {
        // The test client is 127.0.0.1, a trusted proxy by default (forwarded_allow_ips).
        Path log = dir.resolve("proxied.log");
        try (RunningGateway gateway = Gateway.builder(new Hello()).set(Settings.ACCESSLOG, log.toString()).start();
             RawClient client = new RawClient(gateway.port())) {
            client.send("GET / HTTP/1.1\r\nHost: h\r\nX-Forwarded-For: 203.0.113.9\r\n\r\n").read();
            String line = awaitLines(log, 1).get(0);
            assertTrue(line.startsWith("203.0.113.9 - - ["), line);
        }
    }

    @Test
    void jsonModeEscapesEveryValue() throws Exception {
        Path log = dir.resolve("access.json");
        try (RunningGateway gateway = Gateway.builder(new Hello()).set(Settings.ACCESSLOG, log.toString())
                .set(Settings.ACCESS_LOG_FORMAT, "json").start();
             RawClient client = new RawClient(gateway.port())) {
            byte[] request = ("GET /p?q=\"\\ HTTP/1.1\r\nHost: h\r\nUser-Agent: a\"b\\c\té\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
            client.send(request).read();
            Map<String, Object> entry = JsonTree.parseObject(awaitLines(log, 1).get(0));
            assertEquals("a\"b\\c\té", entry.get("user_agent"));
            assertEquals("/p", entry.get("path"));
            assertEquals("q=\"\\", entry.get("query"));
            assertEquals("GET", entry.get("method"));
            assertEquals(200L, ((Number) entry.get("status")).longValue());
            assertEquals(13L, ((Number) entry.get("bytes")).longValue());
            assertEquals("-", entry.get("referer"));
        }
    }

    @Test
    void headerTimeAndPidAtoms() throws Exception {
        Path log = dir.resolve("atoms.log");
        String format = "%({x-request-id}i)s|%({content-type}o)s|%({remote_addr}e)s|%(m)s %(U)s %(q)s %(H)s|%(B)s %(b)s|"
                + "%(T)s %(M)s %(D)s %(L)s|%(p)s|%(l)s %(u)s|100%%";
        try (RunningGateway gateway = Gateway.builder(new Hello()).set(Settings.ACCESSLOG, log.toString())
                .set(Settings.ACCESS_LOG_FORMAT, format).start();
             RawClient client = new RawClient(gateway.port())) {
            client.send("HEAD /a HTTP/1.1\r\nHost: h\r\nX-Request-Id: abc-1\r\n\r\n").read("HEAD");
            String line = awaitLines(log, 1).get(0);
            assertTrue(line.matches("abc-1\\|text/plain\\|127\\.0\\.0\\.1\\|HEAD /a - HTTP/1\\.1\\|0 -\\|"
                    + "\\d+ \\d+ \\d+ \\d+\\.\\d{6}\\|<" + ProcessHandle.current().pid() + ">\\|- -\\|100%"), line);
        }
    }

    @Test
    void dashWritesToStdout() throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try (RunningGateway gateway = Gateway.builder(new Hello()).set(Settings.ACCESSLOG, "-")
                .set(Settings.ACCESS_LOG_FORMAT, "%(r)s %(s)s").start();
             RawClient client = new RawClient(gateway.port())) {
            client.send("GET /stdout HTTP/1.1\r\nHost: h\r\n\r\n").read();
            Await.until(GUARD, "the line on stdout", () -> captured.toString(StandardCharsets.UTF_8).contains("GET /stdout HTTP/1.1 200"));
        } finally {
            System.setOut(original);
        }
        assertTrue(captured.toString(StandardCharsets.UTF_8).contains("GET /stdout HTTP/1.1 200\n"), captured.toString());
    }

    @Test
    void anAppenderOnTheGatewayAccessLoggerTurnsTheLogOn() throws Exception {
        Logger access = (Logger) LoggerFactory.getLogger(LoggerNames.ACCESS);
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.setContext(access.getLoggerContext());
        lines.start();
        access.addAppender(lines);
        try (RunningGateway gateway = Gateway.builder(new Hello()).set(Settings.ACCESS_LOG_FORMAT, "%(U)s %(s)s").start();
             RawClient client = new RawClient(gateway.port())) {
            client.send("GET /logback HTTP/1.1\r\nHost: h\r\n\r\n").read();
            Await.until(GUARD, "a line on the gateway.access logger", () -> !lines.list.isEmpty());
            assertEquals("/logback 200", lines.list.get(0).getFormattedMessage());
        } finally {
            access.detachAppender(lines);
        }
    }

    @Test
    void usr1ReopensTheFilesSoLogrotateCanMoveThem() throws Exception {
        Path log = dir.resolve("access.log");
        Path rotated = dir.resolve("access.log.1");
        try (RunningGateway gateway = Gateway.builder(new Hello()).set(Settings.ACCESSLOG, log.toString())
                .set(Settings.ACCESS_LOG_FORMAT, "%(U)s").start();
             RawClient client = new RawClient(gateway.port())) {
            client.send("GET /before HTTP/1.1\r\nHost: h\r\n\r\n").read();
            awaitLines(log, 1);
            Files.move(log, rotated);
            gateway.signal(Arbiter.Event.USR1);
            Await.until(GUARD, "USR1 to reopen " + log, () -> Files.exists(log));
            client.send("GET /after HTTP/1.1\r\nHost: h\r\n\r\n").read();
            assertEquals(List.of("/after"), awaitLines(log, 1));
            assertEquals(List.of("/before"), Files.readAllLines(rotated));
        }
    }

    @Test
    void processWorkersWriteTheLinesAndReopenOnTheMastersUsr1() throws Exception {
        Path log = dir.resolve("process.log");
        Path rotated = dir.resolve("process.log.1");
        try (ServerProcess server = ServerProcess.start(Map.of(), "-k", "process", "-w", "1", "--access-logfile", log.toString(),
                "--access-logformat", "%(U)s %(p)s", Hello.class.getName());
             RawClient client = new RawClient(server.port()).timeout(30_000)) {
            client.send("GET /one HTTP/1.1\r\nHost: h\r\n\r\n").read();
            long child = server.workerProcesses().get(0).pid();
            assertEquals(List.of("/one <" + child + ">"), awaitLines(log, 1));
            Files.move(log, rotated);
            server.signal("USR1");
            // The master forwards the signal; ask until the child's line lands in the new file.
            Await.until(GUARD, "a /two line in the reopened " + log, () -> {
                client.send("GET /two HTTP/1.1\r\nHost: h\r\n\r\n").read();
                return Files.exists(log) && Files.readString(log).contains("/two");
            });
            assertTrue(awaitLines(log, 1).stream().allMatch(line -> line.equals("/two <" + child + ">")));
            assertEquals("/one <" + child + ">", Files.readAllLines(rotated).get(0));
        }
    }

    @Test
    void errorLogFileGetsTheApplicationsFailures() throws Exception {
        Path errors = dir.resolve("error.log");
        try (RunningGateway gateway = Gateway.builder(new Crash()).set(Settings.ERRORLOG, errors.toString()).start();
             RawClient client = new RawClient(gateway.port())) {
            assertEquals(500, client.send("GET / HTTP/1.1\r\nHost: h\r\n\r\n").read().status());
            String text = String.join("\n", awaitLines(errors, 1));
            assertTrue(text.contains("[ERROR] Error handling request GET /"), text);
            assertTrue(text.matches("(?s)\\[\\d{4}-\\d{2}-\\d{2} [^]]+] \\[" + ProcessHandle.current().pid() + "] .*"), text);
        }
    }

    @Test
    void aServerMadeAnswerIsLoggedWithItsSizeAndSentWithTitleCaseNames() throws Exception {
        Path log = dir.resolve("crash.log");
        try (RunningGateway gateway = Gateway.builder(new Crash()).set(Settings.ACCESSLOG, log.toString()).start();
             RawClient client = new RawClient(gateway.port())) {
            var response = client.send("GET / HTTP/1.1\r\nHost: h\r\n\r\n").read();
            assertEquals(500, response.status());
            assertEquals(List.of("Content-Type", "Content-Length", "Date", "Server", "Connection"),
                    response.headers().stream().map(h -> h[0]).toList());
            String line = awaitLines(log, 1).get(0);
            // "500 Internal Server Error\n" is 26 bytes.
            assertTrue(line.contains("\"GET / HTTP/1.1\" 500 26 "), line);
        }
    }

    /** Waits (hang guard: 10 s) until {@code file} has at least {@code count} complete lines; returns them as seen then. */
    static List<String> awaitLines(Path file, int count) {
        AtomicReference<String> text = new AtomicReference<>("");
        Await.until(GUARD, count + " complete line(s) in " + file, () -> {
            text.set(Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "");
            return text.get().endsWith("\n") && text.get().lines().count() >= count;
        });
        return text.get().lines().toList();
    }
}
