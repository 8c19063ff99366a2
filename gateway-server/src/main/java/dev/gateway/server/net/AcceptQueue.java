package dev.gateway.server.net;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * How many connections wait in the kernel's accept queues of the TCP listeners: connections the
 * kernel completed and no one accepted yet, the first sign that the server cannot keep up. Linux
 * reports it for each listening socket as the {@code rx_queue} of {@code /proc/net/tcp} and
 * {@code tcp6} (proc(5); {@code ss -lt}'s Recv-Q). Unix sockets have no such line.
 */
public final class AcceptQueue {

    /** State 0A in /proc/net/tcp: TCP_LISTEN. */
    private static final String LISTEN = "0A";

    private AcceptQueue() {
    }

    /** The sum over the listeners on {@code addresses}' TCP ports; -1 where the kernel does not tell (not Linux). */
    public static long pending(List<SocketAddress> addresses) {
        Set<Integer> ports = new HashSet<>();
        for (SocketAddress address : addresses) {
            if (address instanceof InetSocketAddress inet) {
                ports.add(inet.getPort());
            }
        }
        if (ports.isEmpty()) {
            return 0;
        }
        try {
            return pending(Files.readAllLines(Path.of("/proc/net/tcp")), ports)
                    + pending(Files.exists(Path.of("/proc/net/tcp6")) ? Files.readAllLines(Path.of("/proc/net/tcp6")) : List.of(), ports);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** The sum of {@code rx_queue} over the listening sockets on {@code ports} in the lines of a /proc/net/tcp file. */
    static long pending(List<String> lines, Set<Integer> ports) {
        long sum = 0;
        for (String line : lines) {
            String[] fields = line.trim().split("\\s+");
            // sl local_address rem_address st tx_queue:rx_queue ...; the header line has no ':' in field 1.
            if (fields.length < 5 || !fields[3].equals(LISTEN) || !fields[1].contains(":")) {
                continue;
            }
            int port = Integer.parseInt(fields[1].substring(fields[1].lastIndexOf(':') + 1), 16);
            if (ports.contains(port)) {
                sum += Long.parseLong(fields[4].substring(fields[4].indexOf(':') + 1), 16);
            }
        }
        return sum;
    }
}
