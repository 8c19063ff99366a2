package dev.gateway.server.control;

import dev.gateway.server.config.LoggerNames;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The master's control socket: a Unix stream socket on which each line is one {@link ControlRequest}
 * and each answer one JSON object on one line, {@code {"ok":true,...}} or
 * {@code {"ok":false,"error":"..."}}. A connection may send several requests. Only the server's own
 * user and root get answers ({@link PeerCheck}); a malformed or oversized line gets an error line, and
 * nothing a client sends reaches the master but a well-formed request.
 *
 * <p>The socket does no work itself: {@code handler} (the master) decides what a request does and
 * answers it, on its own loop.
 */
public final class ControlServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LoggerNames.ARBITER);
    /** How long a client waits for the master's answer before an error line. */
    private static final long ANSWER_SECONDS = 30;

    private final Path path;
    private final ServerSocketChannel channel;
    private final Function<ControlRequest, CompletableFuture<Map<String, Object>>> handler;
    private final String owner = System.getProperty("user.name");
    private volatile boolean closed;

    private ControlServer(Path path, ServerSocketChannel channel, Function<ControlRequest, CompletableFuture<Map<String, Object>>> handler) {
        this.path = path;
        this.channel = channel;
        this.handler = handler;
    }

    /**
     * Binds {@code path} with file mode {@code mode} and starts answering; null when another live server
     * answers on it already (it is left alone, and this one runs without a control socket). A file
     * left by a server that died is replaced.
     */
    public static ControlServer open(Path path, int mode, Function<ControlRequest, CompletableFuture<Map<String, Object>>> handler)
            throws IOException {
        Files.createDirectories(path.getParent());
        if (Files.exists(path)) {
            if (answers(path)) {
                log.info("Control socket {} is in use by another server: running without one", path);
                return null;
            }
            Files.delete(path);
        }
        ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            channel.bind(UnixDomainSocketAddress.of(path));
            Files.setPosixFilePermissions(path, permissions(mode));
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        ControlServer server = new ControlServer(path, channel, handler);
        Thread acceptor = new Thread(server::acceptLoop, "gateway-control");
        acceptor.setDaemon(true);
        acceptor.start();
        log.info("Control socket: {}", path);
        return server;
    }

    /** The socket file. */
    public Path path() {
        return path;
    }

    private static boolean answers(Path path) {
        try (SocketChannel probe = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
            return probe.isConnected();
        } catch (IOException e) {
            return false; // ECONNREFUSED: nobody listens, the file is stale
        }
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                SocketChannel client = channel.accept();
                Thread.ofVirtual().name("gateway-control-client").start(() -> serve(client));
            } catch (IOException e) {
                if (!closed) {
                    log.warn("Control socket: accept failed: {}", e.toString());
                }
                return;
            }
        }
    }

    /** Answers the requests of one client until it closes, or sends a line too long to read. */
    private void serve(SocketChannel client) {
        try (client) {
            OutputStream out = Channels.newOutputStream(client);
            UnixDomainPrincipal peer = client.getOption(ExtendedSocketOptions.SO_PEERCRED);
            if (!PeerCheck.allowed(peer, owner)) {
                log.warn("Control socket: refused a client of user {} (the server runs as {})", peer.user().getName(), owner);
                reply(out, error("permission denied: only " + owner + " or root may use this socket"));
                return;
            }
            InputStream in = new java.io.BufferedInputStream(Channels.newInputStream(client));
            for (LineReader lines = new LineReader(in, ControlRequest.MAX_LINE); ; ) {
                String line = lines.next();
                if (line == null) {
                    return;
                }
                if (line.length() > ControlRequest.MAX_LINE) {
                    reply(out, error("request longer than " + ControlRequest.MAX_LINE + " bytes"));
                    return;
                }
                if (!line.isBlank()) {
                    reply(out, answer(line));
                }
            }
        } catch (IOException e) {
            log.debug("Control socket client gone: {}", e.toString());
        }
    }

    private Map<String, Object> answer(String line) {
        ControlRequest request;
        try {
            request = ControlRequest.parse(line);
        } catch (IllegalArgumentException e) {
            return error("bad request: " + e.getMessage());
        }
        try {
            return handler.apply(request).get(ANSWER_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            return error("the master did not answer within " + ANSWER_SECONDS + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return error("interrupted");
        } catch (Exception e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            return error(cause.getMessage() != null ? cause.getMessage() : cause.toString());
        }
    }

    /** {@code {"ok":false,"error":message}}. */
    public static Map<String, Object> error(String message) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("ok", false);
        answer.put("error", message);
        return answer;
    }

    private static void reply(OutputStream out, Map<String, Object> answer) throws IOException {
        out.write((Json.write(answer) + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] order = {
            PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
            PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ};
        for (int bit = 0; bit < order.length; bit++) {
            if ((mode & (1 << bit)) != 0) {
                set.add(order[bit]);
            }
        }
        return set;
    }

    /** Stops answering and removes the socket file. */
    @Override
    public void close() {
        closed = true;
        try {
            channel.close();
            Files.deleteIfExists(path);
        } catch (IOException e) {
            log.debug("Control socket close: {}", e.toString());
        }
    }
}
