package dev.gateway.server.net;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gateway.server.net.apps.NettySettings;
import dev.gateway.server.support.ServerProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The command-line server's Netty defaults, in the master and in process workers, and a value given on the JVM's command line winning. */
class NettyDefaultsTest {

    @ParameterizedTest
    @ValueSource(strings = {"thread", "process"})
    void theServersJvmsRunWithNettysFlightRecorderEventsAndLeakDetectorOff(String workerClass) throws Exception {
        try (ServerProcess server = ServerProcess.start(Map.of(), "-k", workerClass, NettySettings.class.getName())) {
            assertEquals("jfr=false leak=DISABLED", get(server), server.log());
        }
    }

    @ParameterizedTest
    @CsvSource({NettyDefaults.JFR_ENABLED + ",false", NettyDefaults.LEAK_DETECTION + ",disabled"})
    @ResourceLock("system-properties")
    void aValueAlreadySetIsKept(String property, String serversDefault) {
        Map<String, String> before = new HashMap<>();
        for (String p : List.of(NettyDefaults.JFR_ENABLED, NettyDefaults.LEAK_DETECTION)) {
            before.put(p, System.getProperty(p));
        }
        try {
            System.setProperty(property, "given");
            NettyDefaults.apply();
            assertEquals("given", System.getProperty(property));
            System.clearProperty(property);
            NettyDefaults.apply();
            assertEquals(serversDefault, System.getProperty(property));
        } finally {
            before.forEach((p, value) -> {
                if (value == null) {
                    System.clearProperty(p);
                } else {
                    System.setProperty(p, value);
                }
            });
        }
    }

    private static String get(ServerProcess server) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/")).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).body();
    }
}
