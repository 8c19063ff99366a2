package dev.gateway.server.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gateway.server.support.ServerProcess;
import dev.gateway.server.worker.apps.SchedulingPolicy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Thread workers, and the process workers that run them, serve requests on SCHED_BATCH threads
 * (os.BatchScheduling); virtual workers' carriers keep the default policy. Concurrent requests reach
 * every lane.
 */
class WorkerSchedulingTest {

    @ParameterizedTest
    @CsvSource({"thread, 3", "process, 3", "virtual, 0"})
    void requestsRunUnderThePolicyOfTheirWorkerClass(String workerClass, String policy) throws Exception {
        try (ServerProcess server = ServerProcess.start(Map.of(), "-k", workerClass, "-w", "2", "--threads", "4",
                SchedulingPolicy.class.getName())) {
            HttpClient client = HttpClient.newHttpClient();
            List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                responses.add(client.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/")).build(),
                        HttpResponse.BodyHandlers.ofString()));
            }
            for (CompletableFuture<HttpResponse<String>> response : responses) {
                assertEquals(policy, response.get().body(), server.log());
            }
        }
    }
}
