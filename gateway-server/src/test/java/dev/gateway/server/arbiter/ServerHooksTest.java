package dev.gateway.server.arbiter;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gateway.server.arbiter.apps.RecordingHooks;
import dev.gateway.server.config.Settings;
import dev.gateway.server.embed.Gateway;
import dev.gateway.server.embed.RunningGateway;
import dev.gateway.testapps.Hello;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code --hooks}: each hook is called at its moment, and a failing request hook does not break the request. */
class ServerHooksTest {

    @Test
    void hooksAreCalledInLifecycleOrder() throws Exception {
        RecordingHooks.CALLS.clear();
        try (RunningGateway gateway = Gateway.builder(new Hello()).set(Settings.HOOKS, RecordingHooks.class.getName()).start()) {
            HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(gateway.baseUri().resolve("/x")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode());
        }
        assertEquals(List.of("on_starting", "pre_fork", "post_fork", "when_ready", "pre_request GET /x",
                "post_request GET /x", "worker_exit", "on_exit"), RecordingHooks.CALLS);
    }
}
