package dev.gateway.server.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.gateway.server.config.Settings;
import dev.gateway.server.embed.RunningGateway;
import dev.gateway.testapps.Hello;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The JUnit extension: one server per class, or one per test, injected into test methods. */
class GatewayExtensionTest {

    @Nested
    class OneServerPerClass {
        @RegisterExtension
        static GatewayExtension gateway = GatewayExtension.serving(new Hello()).configure(g -> g.set(Settings.THREADS, 2));

        @Test
        void injectsBaseUriAndClient(URI base, HttpClient client) throws Exception {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(base).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals("Hello, World!", response.body());
            assertEquals(gateway.baseUri(), base);
        }

        @Test
        void injectsTheRunningServer(RunningGateway server) {
            assertEquals(gateway.server().port(), server.port());
        }
    }

    @Nested
    class OneServerPerTest {
        @RegisterExtension
        final GatewayExtension gateway = GatewayExtension.serving(new Hello()).perTest();

        private static final java.util.Set<Integer> PORTS = java.util.concurrent.ConcurrentHashMap.newKeySet();

        @Test
        void first(RunningGateway server) {
            PORTS.add(server.port());
            assertEquals(200, status(server.baseUri()));
        }

        @Test
        void second(RunningGateway server) {
            PORTS.add(server.port());
            assertEquals(200, status(server.baseUri()));
            if (PORTS.size() == 2) {
                assertNotEquals(PORTS.toArray()[0], PORTS.toArray()[1]);
            }
        }

        private int status(URI uri) {
            try {
                return HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }
    }
}
