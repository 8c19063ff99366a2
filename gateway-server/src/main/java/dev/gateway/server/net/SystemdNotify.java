package dev.gateway.server.net;

import dev.gateway.server.config.LoggerNames;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.channel.unix.Socket;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * sd_notify(3): tells systemd how the service is doing, by datagrams of {@code KEY=VALUE} lines on
 * the Unix socket named by {@code NOTIFY_SOCKET} (a path, or {@code @name} in the abstract
 * namespace). The JDK has no Unix datagram sockets, so this uses Netty's native ones, which the
 * epoll transport already loads; the socket is connected once, which also gives an abstract name
 * its exact length (systemd binds it without padding, and a padded address would be another name).
 * A message that cannot be sent is logged once and dropped: systemd's absence never stops the server.
 */
public final class SystemdNotify implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LoggerNames.ARBITER);

    private final Socket socket;
    private final String target;
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(4096);
    private boolean failedOnce;

    private SystemdNotify(Socket socket, String target) {
        this.socket = socket;
        this.target = target;
    }

    /** A notifier for {@code NOTIFY_SOCKET}, or null when it is unset (not under systemd's Type=notify) or unusable. */
    public static SystemdNotify fromEnvironment(Map<String, String> environment) {
        String target = environment.get("NOTIFY_SOCKET");
        if (target == null || target.isEmpty()) {
            return null;
        }
        if (!Epoll.isAvailable()) {
            log.warn("NOTIFY_SOCKET is set, but Netty's native transport is not available here: systemd is not notified");
            return null;
        }
        // sd_notify(3): "@" at the start names an abstract socket, whose first byte is NUL.
        String address = target.startsWith("@") ? "\0" + target.substring(1) : target;
        Socket socket = Socket.newSocketDomainDgram();
        try {
            socket.connect(new DomainSocketAddress(address));
        } catch (IOException e) {
            closeQuietly(socket);
            log.warn("Cannot reach NOTIFY_SOCKET {}: {}; systemd is not notified", target, e.getMessage());
            return null;
        }
        return new SystemdNotify(socket, target);
    }

    /** The watchdog interval systemd asks for ({@code WATCHDOG_USEC}, for this process), in microseconds; 0 for none. */
    public static long watchdogMicros(Map<String, String> environment, long pid) {
        String usec = environment.get("WATCHDOG_USEC");
        String forPid = environment.get("WATCHDOG_PID");
        if (usec == null || forPid != null && !forPid.equals(Long.toString(pid))) {
            return 0;
        }
        try {
            return Math.max(0, Long.parseLong(usec.trim()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Sends one message: {@code KEY=VALUE} lines joined with newlines, e.g. {@code READY=1\nSTATUS=...}. */
    public synchronized void send(String message) {
        byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
        buffer.clear();
        buffer.put(bytes, 0, Math.min(bytes.length, buffer.capacity()));
        buffer.flip();
        try {
            socket.write(buffer, 0, buffer.limit());
        } catch (IOException e) {
            if (!failedOnce) {
                failedOnce = true;
                log.warn("Cannot notify systemd at {}: {} (further failures are not logged)", target, e.getMessage());
            }
        }
    }

    @Override
    public synchronized void close() {
        closeQuietly(socket);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // nothing left to do
        }
    }
}
