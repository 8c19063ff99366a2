package dev.gateway.server.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gateway.server.support.ServerProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** java.util.logging (Jersey's, ServletContext.log) comes out through slf4j: the server's format, its levels. */
class JavaUtilLoggingTest {

    private static final Duration GUARD = Duration.ofSeconds(30);
    private static final Pattern GUNICORN_LINE =
            Pattern.compile("(?m)^\\[\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d [+-]\\d{4}] \\[\\d+] \\[INFO] jul info record$");

    @Test
    void julRecordsGetTheServersFormatAndLevel() throws Exception {
        for (String workerClass : new String[] {"thread", "process"}) {
            try (ServerProcess server = ServerProcess.start(Map.of(), "-k", workerClass, JulLoggingApp.class.getName())) {
                HttpResponse<String> response = HttpClient.newHttpClient().send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/")).timeout(GUARD).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, response.statusCode());
                server.awaitLog("jul info record", 1, GUARD);
                server.signal("TERM");
                assertEquals(0, server.awaitExit(GUARD), server.log());
                assertTrue(GUNICORN_LINE.matcher(server.log()).find(), workerClass + ": not in the server's format:\n" + server.log());
                assertFalse(server.log().contains("jul fine record"), workerClass + ": FINE is below the INFO level");
            }
        }
    }
}
