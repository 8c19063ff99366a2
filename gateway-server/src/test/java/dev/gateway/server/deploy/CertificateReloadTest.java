package dev.gateway.server.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gateway.server.support.ServerProcess;
import dev.gateway.testapps.Hello;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A renewed certificate goes live with {@code kill -HUP}, as with Gunicorn: the config file names
 * the new files, and connections made after the reload are served with them, for the in-JVM and the
 * process worker classes. A certificate that does not load fails the reload, not the server.
 */
class CertificateReloadTest {

    private static final Duration GUARD = Duration.ofSeconds(30);

    @TempDir
    static Path dir;

    static TestCertificates first;
    static TestCertificates renewed;

    @BeforeAll
    static void certificates() throws Exception {
        first = TestCertificates.create(dir, "first");
        renewed = TestCertificates.create(dir, "renewed");
    }

    @ParameterizedTest
    @ValueSource(strings = {"thread", "process"})
    void hupServesTheRenewedCertificateToNewConnections(String workerClass, @TempDir Path work) throws Exception {
        Path settings = work.resolve("gateway.properties");
        writeSettings(settings, first);
        try (ServerProcess server = ServerProcess.start(Map.of(), "-k", workerClass, "-c", settings.toString(), Hello.class.getName())) {
            URI uri = URI.create("https://127.0.0.1:" + server.port() + "/");
            assertEquals(200, get(uri, TestCertificates.clientContext(first, null)));
            List<ProcessHandle> oldWorkers = server.workerProcesses();

            writeSettings(settings, renewed);
            server.signal("HUP");
            server.awaitLog("Reloading: starting worker generation 1", 1, GUARD);
            // A retiring child JVM may still accept for a moment: wait until the old ones are gone.
            server.await("the old worker JVMs to exit", GUARD, () -> oldWorkers.stream().noneMatch(ProcessHandle::isAlive));
            assertEquals(200, get(uri, TestCertificates.clientContext(renewed, null)));
            assertThrows(SSLHandshakeException.class, () -> get(uri, TestCertificates.clientContext(first, null)));

            Files.writeString(work.resolve("broken.crt"), "not a certificate\n");
            Files.writeString(settings, "certfile = " + work.resolve("broken.crt") + "\nkeyfile = " + renewed.keyPem() + "\n");
            server.signal("HUP");
            server.awaitLog("Reload failed, the running configuration and application stay", 1, GUARD);
            assertEquals(200, get(uri, TestCertificates.clientContext(renewed, null)));
            assertTrue(server.log().contains("Reloading: starting worker generation 1") && !server.log().contains("generation 2"),
                    server.log());
        }
    }

    private static void writeSettings(Path settings, TestCertificates certificates) throws Exception {
        Files.writeString(settings, "certfile = " + certificates.certPem() + "\nkeyfile = " + certificates.keyPem() + "\n");
    }

    /** The status of a GET on a new connection (a new client: no pooled connection from before). */
    private static int get(URI uri, SSLContext tls) throws Exception {
        HttpClient http = HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(10)).build();
        return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }
}
