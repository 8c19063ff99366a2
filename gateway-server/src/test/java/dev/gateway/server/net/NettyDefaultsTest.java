package dev.gateway.server.net;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gateway.server.net.apps.SystemProperty;
import dev.gateway.server.support.ServerProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The command-line server's Netty defaults, in the master and in process workers, and a value given on the JVM's command line winning. */
class NettyDefaultsTest {

    @ParameterizedTest
    @ValueSource(strings = {"thread", "process"})
    void theServersJvmsRunWithNettysFlightRecorderEventsOff(String workerClass) throws Exception {
        try (ServerProcess server = ServerProcess.start(Map.of(), "-k", workerClass, SystemProperty.class.getName())) {
            assertEquals("false", get(server, NettyDefaults.JFR_ENABLED), server.log());
        }
    }

    @Test
    @ResourceLock("system-properties")
    void aValueAlreadySetIsKept() {
        String before = System.getProperty(NettyDefaults.JFR_ENABLED);
        try {
            System.setProperty(NettyDefaults.JFR_ENABLED, "true");
            NettyDefaults.apply();
            assertEquals("true", System.getProperty(NettyDefaults.JFR_ENABLED));
            System.clearProperty(NettyDefaults.JFR_ENABLED);
            NettyDefaults.apply();
            assertEquals("false", System.getProperty(NettyDefaults.JFR_ENABLED));
        } finally {
            if (before == null) {
                System.clearProperty(NettyDefaults.JFR_ENABLED);
            } else {
                System.setProperty(NettyDefaults.JFR_ENABLED, before);
            }
        }
    }

    private static String get(ServerProcess server, String property) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/?" + property)).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).body();
    }
}
