package dev.gateway.server.support;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Starts a server on a listening socket bound by someone else, as systemd socket activation (or any
 * parent passing {@code -b fd://3}) does. Java cannot start a child with an extra open descriptor,
 * so a few lines of Python play systemd: bind and listen, put the socket on descriptor 3, set
 * {@code LISTEN_PID} to its own pid (exec keeps it) and {@code LISTEN_FDS=1}, and exec the command.
 * The kernel queues a client's connection until the server accepts it.
 */
public final class InheritedSocketLauncher {

    /**
     * argv: tcp|unix ADDRESS systemd|plain|restart COMMAND...; prints the TCP port (or 0) first.
     * "restart" keeps the socket open and starts the command twice, one after the other, each with
     * the activation variables, as systemd does when a socket-activated service restarts.
     */
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
            if mode != 'restart':
                os.execve(command[0], command, env)
            for run in range(2):
                pid = os.fork()
                if pid == 0:
                    env['LISTEN_PID'] = str(os.getpid())
                    env['LISTEN_FDS'] = '1'
                    os.execve(command[0], command, env)
                status = os.waitpid(pid, 0)[1]
                sys.stdout.write('launcher: service exited with status %d\\n' % os.waitstatus_to_exitcode(status))
                sys.stdout.flush()
            """;

    private InheritedSocketLauncher() {
    }

    /** The test JVM's java running {@code dev.gateway.server.Main} with the test class path, for a command line. */
    public static List<String> serverJvm() {
        return List.of(ProcessHandle.current().info().command().orElseThrow(),
                "--enable-native-access=ALL-UNNAMED", "-XX:TieredStopAtLevel=1", ServerProcess.MAIN_LOG_CONFIG,
                "-cp", System.getProperty("java.class.path"), "dev.gateway.server.Main");
    }

    /**
     * Binds a {@code kind} ("tcp": 127.0.0.1, port 0; "unix": {@code address}) listener, then execs
     * {@code command} in {@code directory} with it as descriptor 3; {@code mode} "systemd" also sets
     * the activation variables, "plain" does not, "restart" runs the command twice in child
     * processes (the server is then {@link Launched#service()}, not the launcher).
     */
    public static Launched launch(String kind, String address, String mode, List<String> command, Path directory)
            throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of("python3", "-c", LAUNCHER, kind, address, mode));
        argv.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(argv).redirectErrorStream(true).directory(directory.toFile());
        builder.environment().keySet().removeAll(List.of("LISTEN_PID", "LISTEN_FDS"));
        Launched launched = new Launched(builder.start());
        try {
            launched.readPort();
        } catch (IOException | RuntimeException e) {
            launched.stop();
            throw e;
        }
        return launched;
    }

    /** One {@code GET path}, read to the end of the response (Connection: close). */
    public static String get(SocketAddress address, String path) throws IOException {
        StandardProtocolFamily family = address instanceof UnixDomainSocketAddress ? StandardProtocolFamily.UNIX
                : ((InetSocketAddress) address).getAddress() instanceof Inet6Address ? StandardProtocolFamily.INET6
                : StandardProtocolFamily.INET;
        try (SocketChannel channel = SocketChannel.open(family)) {
            channel.connect(address);
            channel.write(ByteBuffer.wrap(("GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII)));
            // A hang guard: the kernel holds the connection until the server accepts, however long it boots,
            // and a read on a channel's stream has no timeout; this sleep is that timeout, not a poll.
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
    public static final class Launched {
        private final Process process;
        private final ByteArrayOutputStream sink = new ByteArrayOutputStream();
        private int port;

        private Launched(Process process) {
            this.process = process;
        }

        /** Reads the launcher's first line (the TCP port), then copies the server's log aside. */
        private void readPort() throws IOException {
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

        /** The TCP port bound (0 for a Unix socket). */
        public int port() {
            return port;
        }

        /** The server's pid (the launcher exec'd it, so it is the launcher's). */
        public long pid() {
            return process.pid();
        }

        /** In "restart" mode: the server running now, a child of the launcher. */
        public ProcessHandle service() {
            AtomicReference<ProcessHandle> service = new AtomicReference<>();
            Await.until(Duration.ofSeconds(10), "the launcher to start a service", () -> {
                process.children().filter(ProcessHandle::isAlive).findFirst().ifPresent(service::set);
                return service.get() != null;
            }, this::output);
            return service.get();
        }

        /** Everything the server printed so far. */
        public String output() {
            return sink.toString(StandardCharsets.UTF_8);
        }

        /** SIGTERM (a clean stop), then SIGKILL if it lingers, and every child JVM with it; returns the exit code. */
        public int stop() throws InterruptedException {
            List<ProcessHandle> children = process.descendants().toList();
            process.destroy();
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
            children.forEach(ProcessHandle::destroyForcibly);
            assertFalse(process.isAlive());
            return process.exitValue();
        }
    }
}
