package dev.gateway.server.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gateway.server.config.ConfigException;
import dev.gateway.server.config.Settings;
import dev.gateway.server.embed.Gateway;
import dev.gateway.server.embed.RunningGateway;
import dev.gateway.server.support.JsonTree;
import dev.gateway.spi.FileBody;
import dev.gateway.spi.Header;
import dev.gateway.testapps.EchoEnviron;
import java.io.IOException;
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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --certfile}, {@code --keyfile}, {@code --ca-certs}, {@code --cert-reqs}, with a java.net.http client over TLS. */
class TlsTest {

    @TempDir
    static Path dir;
    static TestCertificates server;
    static TestCertificates client;

    @BeforeAll
    static void certificates() throws Exception {
        server = TestCertificates.create(dir, "server");
        client = TestCertificates.create(dir, "client");
    }

    @Test
    void httpsWithTheGeneratedCertificateAndHttpsUrlScheme() throws Exception {
        try (RunningGateway gateway = tls(Gateway.builder(new EchoEnviron())).start()) {
            HttpResponse<String> response = get(https(gateway, "/echo?x=1"), TestCertificates.clientContext(server, null));
            assertEquals(200, response.statusCode());
            Map<String, Object> environ = JsonTree.parseObject(response.body());
            assertEquals("https", environ.get("gateway.url_scheme"));
            assertEquals("/echo", environ.get("PATH_INFO"));
        }
    }

    @Test
    void aFileBodyIsCopiedThroughTls() throws Exception {
        Path file = dir.resolve("body.bin");
        byte[] bytes = new byte[300_000];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (i * 31);
        }
        Files.write(file, bytes);
        try (RunningGateway gateway = tls(Gateway.builder((environ, start) -> {
            start.start("200 OK", List.of(Header.of("Content-Type", "application/octet-stream")));
            return FileBody.open(file);
        })).start()) {
            HttpClient http = HttpClient.newBuilder().sslContext(TestCertificates.clientContext(server, null)).build();
            HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(https(gateway, "/file")).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, response.statusCode());
            assertTrue(java.util.Arrays.equals(bytes, response.body()));
        }
    }

    @Test
    void requiredClientCertificate() throws Exception {
        try (RunningGateway gateway = tls(Gateway.builder(new EchoEnviron()))
                .set(Settings.CA_CERTS, client.certPem().toString())
                .set(Settings.CERT_REQS, "required").start()) {
            URI uri = https(gateway, "/");
            assertEquals(200, get(uri, TestCertificates.clientContext(server, client)).statusCode());
            assertThrows(IOException.class, () -> get(uri, TestCertificates.clientContext(server, null)));
            // A certificate from an authority the server does not trust is refused as well.
            assertThrows(IOException.class, () -> get(uri, TestCertificates.clientContext(server, server)));
        }
    }

    @Test
    void optionalClientCertificate() throws Exception {
        try (RunningGateway gateway = tls(Gateway.builder(new EchoEnviron()))
                .set(Settings.CA_CERTS, client.certPem().toString())
                .set(Settings.CERT_REQS, "optional").start()) {
            URI uri = https(gateway, "/");
            assertEquals(200, get(uri, TestCertificates.clientContext(server, null)).statusCode());
            assertEquals(200, get(uri, TestCertificates.clientContext(server, client)).statusCode());
        }
    }

    @Test
    void aCertificateWithoutItsKeyIsAClearConfigurationError() {
        ConfigException e = assertThrows(ConfigException.class, () -> Gateway.builder(new EchoEnviron())
                .set(Settings.CERTFILE, server.certPem().toString()).start());
        assertEquals("TLS needs both --certfile and --keyfile", e.getMessage());
        ConfigException wrongKey = assertThrows(ConfigException.class, () -> Gateway.builder(new EchoEnviron())
                .set(Settings.CERTFILE, server.certPem().toString()).set(Settings.KEYFILE, server.certPem().toString()).start());
        assertTrue(wrongKey.getMessage().startsWith("cannot use --certfile "), wrongKey.getMessage());
    }

    private static Gateway tls(Gateway builder) {
        return builder.set(Settings.CERTFILE, server.certPem().toString()).set(Settings.KEYFILE, server.keyPem().toString());
    }

    private static URI https(RunningGateway gateway, String path) {
        URI base = gateway.baseUri();
        assertEquals("https", base.getScheme(), "the base URI of a TLS gateway");
        return base.resolve(path);
    }

    private static HttpResponse<String> get(URI uri, SSLContext tls) throws Exception {
        HttpClient http = HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(10)).build();
        return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
