package dev.gateway.examples.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gateway.server.config.Settings;
import dev.gateway.server.config.WorkerClass;
import dev.gateway.server.embed.Gateway;
import dev.gateway.server.embed.RunningGateway;
import dev.gateway.servlet.ServletApplication;
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

/** The Spring MVC example served by a real gateway over a socket, with thread and virtual workers. */
@Timeout(60)
class SpringOverHttpTest {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    private static HttpResponse<String> send(HttpRequest request) throws Exception {
        return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.Builder json(URI uri, String body) {
        return HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }

    @ParameterizedTest
    @EnumSource(value = WorkerClass.class, names = {"THREAD", "VIRTUAL"})
    void servesTheApiWithEveryWorkerClass(WorkerClass workerClass) throws Exception {
        try (ServletApplication app = ServletApplication.fromClasspath();
             RunningGateway gateway = Gateway.builder(app).set(Settings.WORKER_CLASS, workerClass).set(Settings.THREADS, 4).start()) {
            URI notes = gateway.baseUri().resolve("/notes");
            HttpResponse<String> created = send(json(notes, "{\"text\":\"buy milk\"}").build());
            assertEquals(201, created.statusCode());
            assertTrue(created.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
            // The JSON fits the response buffer: one chunk, sent with its length.
            assertEquals(String.valueOf(created.body().length()), created.headers().firstValue("Content-Length").orElse(""));
            String id = created.body().replaceAll("\\D+", " ").trim();
            HttpResponse<String> read = send(HttpRequest.newBuilder(notes.resolve("/notes/" + id)).build());
            assertEquals(created.body(), read.body());
            assertEquals(404, send(HttpRequest.newBuilder(notes.resolve("/notes/0")).build()).statusCode());
            assertTrue(send(HttpRequest.newBuilder(notes.resolve("/notes?contains=milk")).build()).body().contains("buy milk"));

            // DeferredResult: each request waits in its worker while another thread answers it.
            List<CompletableFuture<HttpResponse<String>>> later = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                later.add(CLIENT.sendAsync(HttpRequest.newBuilder(notes.resolve("/notes/" + id + "/later?delayMillis=50")).build(),
                        HttpResponse.BodyHandlers.ofString()));
            }
            for (CompletableFuture<HttpResponse<String>> response : later) {
                assertEquals(created.body(), response.get().body());
            }
        }
    }
}
