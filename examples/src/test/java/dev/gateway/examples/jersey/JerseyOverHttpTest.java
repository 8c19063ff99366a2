package dev.gateway.examples.jersey;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gateway.server.config.Settings;
import dev.gateway.server.config.WorkerClass;
import dev.gateway.server.embed.Gateway;
import dev.gateway.server.embed.RunningGateway;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The Jersey example served by a real gateway over a socket, with every worker class: the process
 * workers load it by name in their own JVM, as the command line does.
 */
@Timeout(90)
class JerseyOverHttpTest {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final String APP = "dev.gateway.servlet.ServletApplication:fromClasspath";

    private static HttpResponse<String> send(HttpRequest request) throws Exception {
        return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @ParameterizedTest
    @EnumSource(WorkerClass.class)
    void servesTheApiWithEveryWorkerClass(WorkerClass workerClass) throws Exception {
        try (RunningGateway gateway = Gateway.builder(APP).set(Settings.WORKER_CLASS, workerClass).set(Settings.THREADS, 4).start()) {
            URI todos = gateway.baseUri().resolve("/api/todos");
            HttpResponse<String> created = send(HttpRequest.newBuilder(todos).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"title\":\"buy milk\"}")).build());
            assertEquals(201, created.statusCode(), created.body());
            assertTrue(created.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
            String id = created.body().replaceAll(".*\"id\":(\\d+).*", "$1");
            // The Location is built from the request's own URL: the port it was sent to.
            assertEquals(todos + "/" + id, created.headers().firstValue("Location").orElse(""));
            HttpResponse<String> read = send(HttpRequest.newBuilder(todos.resolve("/api/todos/" + id)).build());
            assertEquals(created.body(), read.body());
            HttpResponse<String> missing = send(HttpRequest.newBuilder(todos.resolve("/api/todos/0")).build());
            assertEquals(404, missing.statusCode());
            assertEquals("{\"error\":\"no todo 0\"}", missing.body());
            assertTrue(send(HttpRequest.newBuilder(todos.resolve("/api/todos?contains=milk")).build()).body().contains("buy milk"));

            // @Suspended: each request waits in its worker while another thread resumes it.
            List<CompletableFuture<HttpResponse<String>>> later = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                later.add(CLIENT.sendAsync(HttpRequest.newBuilder(todos.resolve("/api/todos/" + id + "/later?delayMillis=50")).build(),
                        HttpResponse.BodyHandlers.ofString()));
            }
            for (CompletableFuture<HttpResponse<String>> response : later) {
                assertEquals(created.body(), response.get().body());
            }
        }
    }
}
