package dev.gateway.server.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gateway.server.config.ProxyProtocol;
import dev.gateway.server.config.Settings;
import dev.gateway.server.embed.Gateway;
import dev.gateway.server.embed.RunningGateway;
import dev.gateway.server.support.JsonTree;
import dev.gateway.server.support.RawClient;
import dev.gateway.server.support.RawResponse;
import dev.gateway.testapps.EchoEnviron;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a proxy may tell the gateway, over real sockets: the scheme, client address and host headers
 * of a peer in forwarded_allow_ips (the test client, 127.0.0.1, is one by default), the same headers
 * ignored from any other peer, and the PROXY protocol preamble with proxy_allow_ips.
 */
class ProxyHeadersTest {

    private static RunningGateway trusting;
    private static RunningGateway untrusting;

    @BeforeAll
    static void start() {
        trusting = Gateway.builder(new EchoEnviron()).start();
        untrusting = Gateway.builder(new EchoEnviron()).set(Settings.FORWARDED_ALLOW_IPS, List.of("192.0.2.1")).start();
    }

    @AfterAll
    static void stop() {
        trusting.close();
        untrusting.close();
    }

    private static Map<String, Object> environ(RunningGateway gateway, String headers) throws Exception {
        return environ(gateway, headers, "/p");
    }

    private static Map<String, Object> environ(RunningGateway gateway, String headers, String target) throws Exception {
        RawResponse response = send(gateway, "GET " + target + " HTTP/1.1\r\nHost: app.internal:8000\r\n" + headers + "\r\n");
        assertEquals(200, response.status(), response.text());
        return JsonTree.parseObject(response.text());
    }

    private static RawResponse send(RunningGateway gateway, String request) throws Exception {
        try (RawClient client = new RawClient(gateway.port())) {
            return client.send(request).read();
        }
    }

    /** Expects {@code status} and the connection closed. */
    private static void refused(RunningGateway gateway, String request, int status) throws Exception {
        try (RawClient client = new RawClient(gateway.port())) {
            RawResponse response = client.send(request).read();
            assertEquals(status, response.status(), request);
            assertEquals("close", response.header("Connection"));
            assertTrue(client.closedByPeer(), "the connection must close after a refused request");
        }
    }

    @Test
    void schemeHeadersFromTrustedPeersOnly() throws Exception {
        assertEquals("https", environ(trusting, "X-Forwarded-Proto: https\r\n").get("gateway.url_scheme"));
        assertEquals("http", environ(trusting, "X-Forwarded-Proto: http\r\n").get("gateway.url_scheme"));
        assertEquals("https", environ(trusting, "X-Forwarded-Ssl: on\r\n").get("gateway.url_scheme"));
        // Two headers that disagree: one of them is forged (Gunicorn's InvalidSchemeHeaders).
        refused(trusting, "GET / HTTP/1.1\r\nHost: a\r\nX-Forwarded-Proto: https\r\nX-Forwarded-Ssl: off\r\n\r\n", 400);
        Map<String, Object> plain = environ(untrusting, "X-Forwarded-Proto: https\r\nX-Forwarded-Ssl: off\r\n");
        assertEquals("http", plain.get("gateway.url_scheme"));
        assertEquals("https", plain.get("HTTP_X_FORWARDED_PROTO"), "an untrusted header is still a header");
    }

    @Test
    void forwarderHeadersFromTrustedPeersOnlyAndScriptNameMountsTheApplication() throws Exception {
        Map<String, Object> mounted = environ(trusting, "SCRIPT_NAME: /app\r\nPath_Info: /given\r\nREMOTE_USER: eve\r\n", "/app/p");
        assertEquals("/app", mounted.get("SCRIPT_NAME"));
        assertEquals("/p", mounted.get("PATH_INFO"));
        assertEquals("/app", mounted.get("HTTP_SCRIPT_NAME"), "a forwarder header is a header too, as in Gunicorn");
        assertEquals("/given", mounted.get("HTTP_PATH_INFO"));
        assertFalse(mounted.containsKey("HTTP_REMOTE_USER"), "not in forwarder_headers: dropped like any name with _");
        refused(trusting, "GET /app/p HTTP/1.1\r\nHost: a\r\nSCRIPT_NAME: app/\r\n\r\n", 400);

        Map<String, Object> plain = environ(untrusting, "SCRIPT_NAME: /app\r\n", "/app/p");
        assertEquals("", plain.get("SCRIPT_NAME"));
        assertEquals("/app/p", plain.get("PATH_INFO"));
        assertFalse(plain.containsKey("HTTP_SCRIPT_NAME"), "from an untrusted peer a name with _ is dropped");

        try (RunningGateway custom = Gateway.builder(new EchoEnviron())
                .set(Settings.FORWARDER_HEADERS, List.of("Remote_User")).start()) {
            Map<String, Object> environ = environ(custom, "SCRIPT_NAME: /app\r\nREMOTE_USER: eve\r\n", "/app/p");
            assertEquals("eve", environ.get("HTTP_REMOTE_USER"));
            assertEquals("", environ.get("SCRIPT_NAME"), "SCRIPT_NAME is no longer listed");
            assertEquals("/app/p", environ.get("PATH_INFO"));
        }
    }

    @Test
    void secureSchemeHeadersAreASetting() throws Exception {
        try (RunningGateway custom = Gateway.builder(new EchoEnviron())
                .set(Settings.SECURE_SCHEME_HEADERS, List.of("X-Scheme=https")).start()) {
            assertEquals("https", environ(custom, "X-Scheme: https\r\n").get("gateway.url_scheme"));
            // Only the listed header counts now: Gunicorn's defaults are gone.
            assertEquals("http", environ(custom, "X-Forwarded-Proto: https\r\n").get("gateway.url_scheme"));
        }
        try (RunningGateway none = Gateway.builder(new EchoEnviron()).set(Settings.SECURE_SCHEME_HEADERS, List.of()).start()) {
            assertEquals("http", environ(none, "X-Forwarded-Proto: https\r\nX-Forwarded-Ssl: off\r\n").get("gateway.url_scheme"));
        }
    }

    @Test
    void forwardedForNamesTheClientFromTheRight() throws Exception {
        Map<String, Object> environ = environ(trusting, "X-Forwarded-For: 203.0.113.7\r\n");
        assertEquals("203.0.113.7", environ.get("REMOTE_ADDR"));
        assertEquals("", environ.get("REMOTE_PORT"), "the client's port is not known");
        // The client wrote the leftmost entry; the proxy appended the address it saw.
        assertEquals("198.51.100.2", environ(trusting, "X-Forwarded-For: 6.6.6.6, 198.51.100.2\r\n").get("REMOTE_ADDR"));
        // Trusted hops are skipped: 127.0.0.1 is a proxy too, so the client is left of it.
        assertEquals("198.51.100.2", environ(trusting, "X-Forwarded-For: 6.6.6.6, 198.51.100.2, 127.0.0.1\r\n").get("REMOTE_ADDR"));
        // Repeated headers are one list (RFC 9110 section 5.3); ports and IPv6 brackets are cut off.
        assertEquals("198.51.100.2", environ(trusting, "X-Forwarded-For: 6.6.6.6\r\nX-Forwarded-For: 198.51.100.2:4711\r\n").get("REMOTE_ADDR"));
        assertEquals("2001:db8::7", environ(trusting, "X-Forwarded-For: [2001:db8::7]:4711\r\n").get("REMOTE_ADDR"));
        // What is not an address ends the walk: the peer stays the client.
        assertEquals("127.0.0.1", environ(trusting, "X-Forwarded-For: unknown\r\n").get("REMOTE_ADDR"));
        assertEquals("198.51.100.2", environ(trusting, "X-Forwarded-For: 6.6.6.6, junk, 198.51.100.2\r\n").get("REMOTE_ADDR"));
    }

    @Test
    void forwardedHostBecomesTheHost() throws Exception {
        Map<String, Object> environ = environ(trusting, "X-Forwarded-Host: shop.example:8443\r\n");
        assertEquals("shop.example:8443", environ.get("HTTP_HOST"));
        assertEquals("shop.example", environ.get("SERVER_NAME"));
        assertEquals("8443", environ.get("SERVER_PORT"));
        // The server's side of the connection stays what it is (Servlet's getLocalAddr, getLocalPort).
        assertEquals("127.0.0.1", environ.get("gateway.local_addr"));
        assertNotEquals("8443", environ.get("gateway.local_port"));
        assertTrue(((String) environ.get("gateway.local_port")).matches("[0-9]+"));
        // The nearest proxy appended last.
        assertEquals("shop.example", environ(trusting, "X-Forwarded-Host: evil.example, shop.example\r\n").get("HTTP_HOST"));
        refused(trusting, "GET / HTTP/1.1\r\nHost: a\r\nX-Forwarded-Host: bad host\r\n\r\n", 400);
    }

    @Test
    void untrustedPeersCannotChooseTheirAddressOrHost() throws Exception {
        Map<String, Object> environ = environ(untrusting, "X-Forwarded-For: 203.0.113.7\r\nX-Forwarded-Host: evil.example\r\n");
        assertEquals("127.0.0.1", environ.get("REMOTE_ADDR"));
        assertEquals("app.internal:8000", environ.get("HTTP_HOST"));
        assertEquals("app.internal", environ.get("SERVER_NAME"));
        assertEquals("203.0.113.7", environ.get("HTTP_X_FORWARDED_FOR"));
        assertFalse(((String) environ.get("REMOTE_PORT")).isEmpty());
        // An untrusted peer's invalid header is not examined at all.
        assertEquals(200, send(untrusting, "GET / HTTP/1.1\r\nHost: a\r\nX-Forwarded-Host: bad host\r\n\r\n").status());
    }

    @Test
    void proxyProtocolSetsTheClientAddressAndRefusesBadPreambles() throws Exception {
        try (RunningGateway proxied = Gateway.builder(new EchoEnviron()).set(Settings.PROXY_PROTOCOL, ProxyProtocol.AUTO).start()) {
            RawResponse response = send(proxied, "PROXY TCP4 192.0.2.7 192.0.2.1 4242 80\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n");
            Map<String, Object> environ = JsonTree.parseObject(response.text());
            assertEquals("192.0.2.7", environ.get("REMOTE_ADDR"));
            assertEquals("4242", environ.get("REMOTE_PORT"));
            assertEquals("127.0.0.1", environ(proxied, "").get("REMOTE_ADDR"));
            refused(proxied, "PROXY TCP4 not-an-ip 192.0.2.1 1 2\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n", 400);
        }
        // Off by default: a preamble is just a bad request line.
        refused(trusting, "PROXY TCP4 192.0.2.7 192.0.2.1 4242 80\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n", 400);
    }

    @Test
    void aPreambleFromAPeerOutsideProxyAllowIpsIsForbidden() throws Exception {
        try (RunningGateway proxied = Gateway.builder(new EchoEnviron()).set(Settings.PROXY_PROTOCOL, ProxyProtocol.AUTO)
                .set(Settings.PROXY_ALLOW_IPS, List.of("192.0.2.1")).start()) {
            refused(proxied, "PROXY TCP4 192.0.2.7 192.0.2.1 4242 80\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n", 403);
            byte[] v2 = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A, 0x21, 0x11, 0x00, 0x0C,
                (byte) 192, 0, 2, 7, (byte) 192, 0, 2, 1, 0x10, (byte) 0x92, 0x00, 0x50};
            try (RawClient client = new RawClient(proxied.port())) {
                client.send(v2).send("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
                assertEquals(403, client.read().status());
            }
            // Without a preamble the peer is served as usual.
            assertEquals("127.0.0.1", environ(proxied, "").get("REMOTE_ADDR"));
        }
    }
}
