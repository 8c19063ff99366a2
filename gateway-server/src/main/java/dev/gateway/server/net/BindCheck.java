package dev.gateway.server.net;

import dev.gateway.server.config.BindAddress;
import java.io.IOException;
import java.net.BindException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.util.List;

/**
 * What {@code --check-config} can tell of the TCP addresses without serving them: the host must
 * resolve to an address of this machine, and the port must be one this user may bind. Each is bound
 * for a moment and let go. A port in use passes: the server to be replaced may hold it, and a start
 * waits for it. Unix sockets and inherited descriptors are left to the start.
 */
public final class BindCheck {

    private BindCheck() {
    }

    /**
     * Checks {@code addresses} in order.
     *
     * @throws BindFailure for the first that cannot be bound, saying why
     */
    public static void check(List<BindAddress> addresses) throws BindFailure {
        for (BindAddress address : addresses) {
            if (address instanceof BindAddress.Tcp tcp) {
                check(tcp);
            }
        }
    }

    private static void check(BindAddress.Tcp tcp) throws BindFailure {
        InetAddress ip;
        try {
            ip = InetAddress.getByName(tcp.host());
        } catch (IOException e) {
            throw BindFailure.of(tcp, e);
        }
        // The family the server would use (Transport.configureTcp): IPv4 addresses get an IPv4 socket.
        try (ServerSocketChannel probe = ip instanceof Inet4Address
                ? ServerSocketChannel.open(StandardProtocolFamily.INET) : ServerSocketChannel.open()) {
            probe.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            probe.bind(new InetSocketAddress(ip, tcp.port()));
        } catch (BindException e) {
            if (e.getMessage() == null || !e.getMessage().contains("in use")) {
                throw BindFailure.of(tcp, e);
            }
        } catch (IOException e) {
            throw BindFailure.of(tcp, e);
        }
    }
}
