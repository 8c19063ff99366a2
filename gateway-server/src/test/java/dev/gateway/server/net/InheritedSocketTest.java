package dev.gateway.server.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Listeners bound by someone else: {@code -b fd://3} and systemd socket activation. Java cannot start
 * a child with an extra open descriptor, so a few lines of Python play systemd: bind and listen,
 * put the socket on descriptor 3, set {@code LISTEN_PID} to its own pid (exec keeps it) and exec the
 * server's JVM. The kernel queues the test's connection until the server accepts it.
 */
class InheritedSocketTest {

    /** argv: tcp|unix ADDRESS systemd|plain COMMAND...; prints the TCP port (or 0) first. */
    private static final String LAUNCHER = """
            import os, socket, sys
            kind, address, mode, command = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
            if kind == 'tcp':
                s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
                s.bind(('127.0.0.1', 0))
            else:
                s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                s.bind(address)
            s.listen(16)
            port = s.getsockname()[1] if kind == 'tcp' else 0
            sys.stdout.write('%d\\n' % port)
            sys.stdout.flush()
            if s.fileno() != 3:
                os.dup2(s.fileno(), 3)
            os.set_inheritable(3, True)
            env = dict(os.environ)
            if mode == 'systemd':
                env['LISTEN_PID'] = str(os.getpid())
                env['LISTEN_FDS'] = '1'
            os.execve(command[0], command, env)
            """;

    @TempDir
    Path dir;

    @Test
    void bindFdServesAnInheritedTcpListener() throws Exception {
        Launched server = launch("tcp", "-", "plain", "-b", "fd://3");
        try {
            String response = get(new InetSocketAddress("127.0.0.1", server.port()), server);
            assertTrue(response.startsWith("HTTP/1.1 200"), response + server.output());
            assertTrue(response.endsWith("Hello, World!"), response);
        } finally {
            server.stop();
        }
        assertTrue(server.output().contains("Listening at: http://127.0.0.1:" + server.port()), server.output());
    }

    @Test
    void systemdSocketActivationHandsAUnixSocketToProcessWorkers() throws Exception {
        Path socket = dir.resolve("activated.sock");
        // The --bind given is ignored: under socket activation systemd's sockets are the listeners.
        Launched server = launch("unix", socket.toString(), "systemd", "-k", "process", "-w", "2", "-b", "127.0.0.1:1");
        try {
            for (int i = 0; i < 4; i++) {
                String response = get(UnixDomainSocketAddress.of(socket), server);
                assertTrue(response.startsWith("HTTP/1.1 200"), response + server.output());
            }
        } finally {
            server.stop();
        }
        String log = server.output();
        assertTrue(log.contains("Socket activation: serving 1 listener(s) from systemd"), log);
        assertTrue(log.contains("Listening at: unix:" + socket), log);
    }

    @Test
    void systemdSocketActivationHandsATcpSocketToProcessWorkers() throws Exception {
        Launched server = launch("tcp", "-", "systemd", "-k", "process", "-w", "2", "-b", "127.0.0.1:1");
        try {
            for (int i = 0; i < 4; i++) {
                String response = get(new InetSocketAddress("127.0.0.1", server.port()), server);
                assertTrue(response.startsWith("HTTP/1.1 200"), response + server.output());
            }
        } finally {
            server.stop();
        }
        String log = server.output();
        assertTrue(log.contains("Socket activation: serving 1 listener(s) from systemd"), log);
        assertTrue(log.contains("Listening at: http://127.0.0.1:" + server.port()), log);
    }

    @Test
    void systemdSocketActivationServesAUnixSocketInProcess() throws Exception {
        Path socket = dir.resolve("threads.sock");
        Launched server = launch("unix", socket.toString(), "systemd", "-k", "thread", "-b", "127.0.0.1:1");
        try {
            String response = get(UnixDomainSocketAddress.of(socket), server);
            assertTrue(response.startsWith("HTTP/1.1 200"), response + server.output());
        } finally {
            server.stop();
        }
        assertTrue(server.output().contains("Listening at: unix:" + socket), server.output());
    }

    private Launched launch(String kind, String address, String mode, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("python3", "-c", LAUNCHER, kind, address, mode,
                ProcessHandle.current().info().command().orElseThrow(),
                "--enable-native-access=ALL-UNNAMED", "-XX:TieredStopAtLevel=1", "-Dlogback.configurationFile=logback.xml",
                "-cp", System.getProperty("java.class.path"), "dev.gateway.server.Main"));
        command.addAll(List.of(args));
        command.add("dev.gateway.testapps.Hello");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().keySet().removeAll(List.of("LISTEN_PID", "LISTEN_FDS"));
        Process process = builder.start();
        Launched launched = new Launched(process);
        try {
            launched.readPort();
        } catch (IOException | RuntimeException e) {
            launched.stop();
            throw e;
        }
        return launched;
    }

    /** One request, read to the end of the response (Connection: close). */
    private static String get(SocketAddress address, Launched server) throws IOException {
        StandardProtocolFamily family = address instanceof UnixDomainSocketAddress ? StandardProtocolFamily.UNIX : StandardProtocolFamily.INET;
        try (SocketChannel channel = SocketChannel.open(family)) {
            channel.connect(address);
            channel.write(ByteBuffer.wrap("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
            // A hang guard: the kernel holds the connection until the server accepts, however long it boots.
            InputStream in = Channels.newInputStream(channel);
            Thread guard = Thread.ofVirtual().start(() -> {
                try {
                    Thread.sleep(60_000);
                    channel.close();
                } catch (InterruptedException | IOException e) {
                    // the response came in time
                }
            });
            try {
                return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            } finally {
                guard.interrupt();
            }
        }
    }

    /** The launched server and everything it printed. */
    private static final class Launched {
        private final Process process;
        private final ByteArrayOutputStream sink = new ByteArrayOutputStream();
        private int port;

        Launched(Process process) {
            this.process = process;
        }

        /** Reads the launcher's first line (the TCP port), then copies the server's log aside. */
        void readPort() throws IOException {
            InputStream in = process.getInputStream();
            StringBuilder first = new StringBuilder();
            for (int c; (c = in.read()) != -1 && c != '\n'; ) {
                first.append((char) c);
            }
            try {
                port = Integer.parseInt(first.toString().trim());
            } catch (NumberFormatException e) {
                throw new IOException("the launcher failed: " + first + new String(in.readAllBytes(), StandardCharsets.UTF_8), e);
            }
            Thread copier = new Thread(() -> {
                try {
                    in.transferTo(sink);
                } catch (IOException e) {
                    // the process ended
                }
            }, "inherited-socket-log");
            copier.setDaemon(true);
            copier.start();
        }

        int port() {
            return port;
        }

        String output() {
            return sink.toString(StandardCharsets.UTF_8);
        }

        /** SIGTERM (a clean stop), then SIGKILL if it lingers, and every child JVM with it. */
        void stop() throws InterruptedException {
            List<ProcessHandle> children = process.descendants().toList();
            process.destroy();
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
            children.forEach(ProcessHandle::destroyForcibly);
            assertEquals(false, process.isAlive());
        }
    }
}
