package com.example;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gateway.server.config.Settings;
import dev.gateway.server.junit.GatewayExtension;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Over HTTP: the real server on a free loopback port, two workers of four threads, requests at once. */
class AppOverHttpTest {

    @RegisterExtension
    static GatewayExtension gateway = GatewayExtension.serving(new App())
            .configure(g -> g.set(Settings.WORKERS, 2).set(Settings.THREADS, 4));

    @Test
    void servesConcurrentRequests() throws Exception {
        List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            HttpRequest request = HttpRequest.newBuilder(gateway.baseUri().resolve("/?name=client" + i)).build();
            responses.add(gateway.client().sendAsync(request, BodyHandlers.ofString()));
        }
        for (int i = 0; i < responses.size(); i++) {
            HttpResponse<String> response = responses.get(i).get();
            assertEquals(200, response.statusCode());
            assertEquals("Hello, client" + i + "!\n", response.body());
        }
    }
}
