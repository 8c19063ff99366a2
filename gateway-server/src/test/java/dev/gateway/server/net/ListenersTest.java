package dev.gateway.server.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import dev.gateway.server.arbiter.apps.WhoAmI;
import dev.gateway.server.config.LoggerNames;
import dev.gateway.server.config.Settings;
import dev.gateway.server.config.WorkerClass;
import dev.gateway.server.embed.Gateway;
import dev.gateway.server.embed.RunningGateway;
import dev.gateway.server.support.InheritedSocketLauncher;
import dev.gateway.server.support.LogRecorder;
import dev.gateway.testapps.Hello;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code -b} repeated: one server listens on IPv4, IPv6 ({@code [::1]:PORT}) and a Unix socket at once,
 * answers on each, and creates every listening socket with {@code --backlog} as its accept-queue
 * length, which the kernel reports as Send-Q in {@code ss -l} (iproute2; .ci/run installs it).
 * {@code 0.0.0.0} listens on IPv4 only, as in Gunicorn.
 */
class ListenersTest {

    private static final int BACKLOG = 37;

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"thread", "process"})
    void oneServerServesEveryBoundAddressWithTheBacklogGiven(String workerClass) throws Exception {
        Path socket = dir.resolve("gateway.sock");
        try (RunningGateway gateway = Gateway.builder(Hello.class.getName())
                .bind("127.0.0.1:0", "[::1]:0", "unix:" + socket)
                .set(Settings.WORKER_CLASS, WorkerClass.of(workerClass)).set(Settings.WORKERS, 1)
                .set(Settings.BACKLOG, BACKLOG).start()) {
            List<SocketAddress> addresses = gateway.addresses();
            assertEquals(3, addresses.size(), addresses.toString());
            InetSocketAddress ipv4 = (InetSocketAddress) addresses.get(0);
            InetSocketAddress ipv6 = (InetSocketAddress) addresses.get(1);
            assertEquals("127.0.0.1", ipv4.getAddress().getHostAddress());
            assertEquals("0:0:0:0:0:0:0:1", ipv6.getAddress().getHostAddress());
            for (SocketAddress address : List.of(ipv4, ipv6, UnixDomainSocketAddress.of(socket))) {
                String response = InheritedSocketLauncher.get(address, "/");
                assertTrue(response.startsWith("HTTP/1.1 200") && response.endsWith("Hello, World!"), address + ": " + response);
            }
            assertEquals(String.valueOf(BACKLOG), acceptQueueLength("-ltn", "sport = :" + ipv4.getPort()));
            assertEquals(String.valueOf(BACKLOG), acceptQueueLength("-ltn", "sport = :" + ipv6.getPort()));
            assertEquals(String.valueOf(BACKLOG), acceptQueueLength("-lx", "src " + socket));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"thread", "process"})
    void anyIpv6AndAnyIpv4OnOnePortBothServe(String workerClass) throws Exception {
        // On Linux [::] takes IPv4 too, so 0.0.0.0 on its port would not bind unless each keeps to its family.
        int port = freePortOnBothFamilies();
        try (RunningGateway gateway = Gateway.builder(Hello.class.getName()).bind("[::]:" + port, "0.0.0.0:" + port)
                .set(Settings.WORKER_CLASS, WorkerClass.of(workerClass)).set(Settings.WORKERS, 1).start()) {
            assertEquals(2, gateway.addresses().size(), gateway.addresses().toString());
            for (String host : List.of("127.0.0.1", "::1")) {
                String response = InheritedSocketLauncher.get(new InetSocketAddress(host, port), "/");
                assertTrue(response.startsWith("HTTP/1.1 200"), host + ": " + response);
            }
            String listeners = new String(new ProcessBuilder("ss", "-H", "-ltn", "sport = :" + port).start().getInputStream().readAllBytes(),
                    StandardCharsets.UTF_8);
            assertTrue(listeners.contains("0.0.0.0:" + port) && listeners.contains("[::]:" + port), listeners);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"thread", "virtual", "process"})
    void anyIpv4IsIpv4Only(String workerClass) throws Exception {
        // Netty's epoll and the JDK open IPv6 sockets, which bind 0.0.0.0 as [::] and answer IPv6 too.
        try (LogRecorder log = new LogRecorder(LoggerNames.ARBITER, Level.INFO);
             RunningGateway gateway = Gateway.builder(Hello.class.getName()).bind("0.0.0.0:0")
                     .set(Settings.WORKER_CLASS, WorkerClass.of(workerClass)).set(Settings.WORKERS, 1).start()) {
            int port = gateway.port();
            String response = InheritedSocketLauncher.get(new InetSocketAddress("127.0.0.1", port), "/");
            assertTrue(response.startsWith("HTTP/1.1 200"), response);
            try (Socket ipv6 = new Socket()) {
                assertThrows(ConnectException.class, () -> ipv6.connect(new InetSocketAddress("::1", port), 2000));
            }
            assertEquals(List.of("Listening at: http://0.0.0.0:" + port), log.lines().stream().map(LogRecorder.Line::message)
                    .filter(line -> line.startsWith("Listening at: ")).map(line -> line.replaceFirst(" \\(\\d+\\)$", "")).toList());
            String listeners = new String(new ProcessBuilder("ss", "-H", "-ltn", "sport = :" + port).start().getInputStream().readAllBytes(),
                    StandardCharsets.UTF_8).strip();
            assertTrue(listeners.lines().count() == 1 && listeners.contains("0.0.0.0:" + port), listeners);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"thread", "process"})
    void withReusePortTwoServersShareAPortAndTheSecondServesAloneOnceTheFirstStops(String workerClass) throws Exception {
        try (RunningGateway first = reusingPort(workerClass, "127.0.0.1:0")) {
            InetSocketAddress shared = new InetSocketAddress("127.0.0.1", first.port());
            try (RunningGateway second = reusingPort(workerClass, "127.0.0.1:" + shared.getPort())) {
                // The kernel spreads connections over both listeners: 40 in a row all reaching one has odds of 2^-39.
                Set<String> servedBy = new HashSet<>();
                for (int i = 0; i < 40; i++) {
                    servedBy.add(whoAnswered(shared));
                }
                assertEquals(2, servedBy.size(), servedBy.toString());
                first.close();
                Set<String> afterwards = new HashSet<>();
                for (int i = 0; i < 20; i++) {
                    afterwards.add(whoAnswered(shared));
                }
                assertEquals(1, afterwards.size(), afterwards.toString());
                assertTrue(servedBy.containsAll(afterwards));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"thread", "process"})
    void withoutReusePortASecondServerOnThePortIsRefusedAtOnceWhenEmbedded(String workerClass) throws Exception {
        try (RunningGateway first = Gateway.builder(Hello.class.getName()).bind("127.0.0.1:0").start()) {
            long started = System.nanoTime();
            Gateway second = Gateway.builder(Hello.class.getName()).bind("127.0.0.1:" + first.port())
                    .set(Settings.WORKER_CLASS, WorkerClass.of(workerClass)).set(Settings.WORKERS, 1);
            BindFailure failure = assertInstanceOf(BindFailure.class, assertThrows(UncheckedIOException.class, second::start).getCause());
            assertTrue(failure.retryable(), failure.toString());
            assertTrue(failure.getMessage().contains("Address already in use"), failure.getMessage());
            assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(1), "no retry when embedded");
        }
    }

    @Test
    void aBareNumberIsAHostAsInGunicornAndItsFailureSaysSoWithoutRetries() throws Exception {
        // 18096 is the IPv4 address 0.0.70.176: not this machine's, unless the kernel binds any address.
        Assumptions.assumeTrue(Files.readString(Path.of("/proc/sys/net/ipv4/ip_nonlocal_bind")).strip().equals("0"));
        Gateway gateway = Gateway.builder(Hello.class.getName()).bind("18096");
        BindFailure failure = assertInstanceOf(BindFailure.class, assertThrows(UncheckedIOException.class, gateway::start).getCause());
        assertEquals("cannot bind 18096:8000: Cannot assign requested address ('18096' is a host, as in Gunicorn; "
                + "for port 18096 write 127.0.0.1:18096 or 0.0.0.0:18096)", failure.getMessage());
        assertFalse(failure.retryable(), "the command line would wait 5 s for nothing");
    }

    /** A server of its own {@link WhoAmI} (one instance each, so that answers tell the servers apart) with SO_REUSEPORT. */
    private static RunningGateway reusingPort(String workerClass, String bind) throws Exception {
        return Gateway.builder(WhoAmI.class.getName()).bind(bind)
                .set(Settings.WORKER_CLASS, WorkerClass.of(workerClass)).set(Settings.WORKERS, 1).set(Settings.REUSE_PORT, true).start();
    }

    /** The application instance that answered a new connection to {@code address}. */
    private static String whoAnswered(SocketAddress address) throws IOException {
        String response = InheritedSocketLauncher.get(address, "/");
        assertTrue(response.startsWith("HTTP/1.1 200"), response);
        return response.substring(response.indexOf("\r\n\r\n") + 4).strip();
    }

    /** A port nothing listens on, in either family (a dual-stack probe holds it for both, then lets go). */
    private static int freePortOnBothFamilies() throws IOException {
        try (java.net.ServerSocket probe = new java.net.ServerSocket()) {
            probe.bind(new InetSocketAddress("::", 0));
            return probe.getLocalPort();
        }
    }

    /** The Send-Q column of the one listening socket {@code ss} shows for {@code filter}. */
    private static String acceptQueueLength(String kind, String filter) throws IOException, InterruptedException {
        Process ss = new ProcessBuilder("ss", "-H", kind, filter).redirectErrorStream(true).start();
        try {
            String output = new String(ss.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            assertTrue(ss.waitFor(10, TimeUnit.SECONDS));
            List<String> lines = output.lines().toList();
            assertEquals(1, lines.size(), "ss " + kind + " '" + filter + "': " + output);
            return lines.get(0).trim().split("\\s+")[kind.equals("-lx") ? 3 : 2];
        } finally {
            ss.destroyForcibly();
        }
    }
}
