package dev.gateway.server.log;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gateway.server.config.Config;
import dev.gateway.server.config.LoggerNames;
import dev.gateway.server.config.Settings;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The master's telemetry in this JVM: the log files follow {@code switchTo}, {@code close} takes them
 * off, and the workers gauge is sent only when the number changes. (A broken log config on a reload is
 * LogConfigTest's, in a child JVM: it resets logback.)
 */
class TelemetryTest {

    private static final Logger access = LoggerFactory.getLogger(LoggerNames.ACCESS);

    @TempDir
    Path dir;

    @Test
    void theAccessLogFollowsSwitchToAndCloseTakesItOff() throws Exception {
        Path first = dir.resolve("first.log");
        Path second = dir.resolve("second.log");
        Telemetry telemetry = Telemetry.open(accessLog(first));
        try {
            access.info("one");
            telemetry.switchTo(accessLog(second));
            access.info("two");
        } finally {
            telemetry.close();
        }
        access.info("three");
        assertEquals("one\n", Files.readString(first));
        assertEquals("two\n", Files.readString(second));
    }

    @Test
    void theWorkersGaugeIsSentWhenTheNumberChanges() throws Exception {
        try (DatagramSocket receiver = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            receiver.setSoTimeout(300);
            Config config = Config.defaults().with(Settings.STATSD_HOST, "127.0.0.1:" + receiver.getLocalPort(), Config.Source.API);
            try (Telemetry telemetry = Telemetry.open(config)) {
                telemetry.workers(2);
                telemetry.workers(2);
                telemetry.workers(1);
                telemetry.workers(1);
                List<String> lines = receive(receiver);
                assertEquals(List.of("gateway.workers:2|g", "gateway.workers:1|g"), lines);
            }
        }
    }

    private static Config accessLog(Path file) {
        return Config.defaults().with(Settings.ACCESSLOG, file.toString(), Config.Source.API);
    }

    /** The datagram lines that arrive until the socket is quiet for its timeout. */
    private static List<String> receive(DatagramSocket receiver) throws Exception {
        List<String> lines = new ArrayList<>();
        byte[] buffer = new byte[1500];
        while (true) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                receiver.receive(packet);
            } catch (SocketTimeoutException e) {
                return lines;
            }
            lines.addAll(new String(packet.getData(), 0, packet.getLength(), StandardCharsets.US_ASCII).lines().toList());
        }
    }
}
