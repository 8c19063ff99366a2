package dev.gateway.server.deploy;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gateway.server.config.Settings;
import dev.gateway.server.embed.Gateway;
import dev.gateway.server.embed.RunningGateway;
import dev.gateway.server.support.JdkSocket;
import dev.gateway.server.support.RawClient;
import dev.gateway.testapps.Crash;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code --statsd-host}, {@code --statsd-prefix}, {@code --dogstatsd-tags}: Gunicorn's metrics, received on a loopback UDP socket. */
class StatsDTest {

    @Test
    void requestsDurationStatusWorkersAndLogLevels() throws Exception {
        try (DatagramSocket receiver = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            receiver.setSoTimeout(200);
            String target = "127.0.0.1:" + receiver.getLocalPort();
            try (RunningGateway gateway = Gateway.builder(new Crash()).set(Settings.STATSD_HOST, target)
                    .set(Settings.STATSD_PREFIX, "app.").set(Settings.WORKERS, 2).start();
                 RawClient client = new RawClient(gateway.port())) {
                client.send("GET / HTTP/1.1\r\nHost: h\r\n\r\n").read();
                List<String> metrics = receive(receiver, List.of("app.gateway.requests:1|c",
                        "app.gateway.request.status.500:1|c", "app.gateway.workers:2|g", "app.gateway.log.exception:1|c"));
                assertTrue(metrics.stream().anyMatch(m -> m.matches("app\\.gateway\\.request\\.duration:\\d+\\|ms")), metrics.toString());
            }
        }
    }

    @Test
    void theWebSocketGaugeMovesUpAtTheUpgradeAndDownAtTheClose() throws Exception {
        try (DatagramSocket receiver = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            receiver.setSoTimeout(200);
            try (RunningGateway gateway = Gateway.builder(new dev.gateway.testapps.Sockets())
                    .set(Settings.STATSD_HOST, "127.0.0.1:" + receiver.getLocalPort()).set(Settings.GRACEFUL_TIMEOUT, 1).start()) {
                JdkSocket socket = JdkSocket.open(HttpClient.newHttpClient(), URI.create("ws://127.0.0.1:" + gateway.port() + "/echo"));
                receive(receiver, List.of("gateway.websockets:+1|g"));
                socket.socket.sendClose(1000, "").get(20, TimeUnit.SECONDS);
                receive(receiver, List.of("gateway.websockets:-1|g", "gateway.request.status.101:1|c"));
            }
        }
    }

    @Test
    void dogstatsdTagsEndEveryMetricLine() throws Exception {
        try (DatagramSocket receiver = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            receiver.setSoTimeout(200);
            try (RunningGateway gateway = Gateway.builder(new dev.gateway.testapps.Hello())
                    .set(Settings.STATSD_HOST, "127.0.0.1:" + receiver.getLocalPort())
                    .set(Settings.DOGSTATSD_TAGS, "env:test,app:hello").start();
                 RawClient client = new RawClient(gateway.port())) {
                client.send("GET / HTTP/1.1\r\nHost: h\r\n\r\n").read();
                List<String> metrics = receive(receiver, List.of("gateway.requests:1|c|#env:test,app:hello",
                        "gateway.request.status.200:1|c|#env:test,app:hello", "gateway.workers:1|g|#env:test,app:hello"));
                assertTrue(metrics.stream().allMatch(m -> m.endsWith("|#env:test,app:hello")), metrics.toString());
            }
        }
    }

    @Test
    void aMissingCollectorCostsNothingButTheDatagrams() throws Exception {
        int closedPort;
        try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            closedPort = probe.getLocalPort();
        }
        try (RunningGateway gateway = Gateway.builder(new dev.gateway.testapps.Hello())
                .set(Settings.STATSD_HOST, "127.0.0.1:" + closedPort).start();
             RawClient client = new RawClient(gateway.port())) {
            for (int i = 0; i < 5; i++) {
                // ICMP port-unreachable makes later sends fail; requests must not notice.
                assertTrue(client.send("GET / HTTP/1.1\r\nHost: h\r\n\r\n").read().status() == 200);
            }
        }
    }

    /** Collects datagram lines until every expected line arrived (hang guard: 10 s). */
    private static List<String> receive(DatagramSocket receiver, List<String> expected) throws Exception {
        List<String> lines = new ArrayList<>();
        long deadline = System.nanoTime() + 10_000_000_000L;
        byte[] buffer = new byte[1500];
        while (!lines.containsAll(expected) && System.nanoTime() < deadline) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                receiver.receive(packet);
            } catch (SocketTimeoutException e) {
                continue;
            }
            lines.addAll(new String(packet.getData(), 0, packet.getLength(), StandardCharsets.US_ASCII).lines().toList());
        }
        assertTrue(lines.containsAll(expected), "expected " + expected + " in " + lines);
        return lines;
    }
}
