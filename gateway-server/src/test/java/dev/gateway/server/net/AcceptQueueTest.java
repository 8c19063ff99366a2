package dev.gateway.server.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gateway.server.support.Await;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The accept-queue length, read from the kernel's /proc/net/tcp: parsed, and against a real listener nobody accepts on. */
class AcceptQueueTest {

    @Test
    void listeningLinesOfThePortsOnly() {
        List<String> lines = List.of(
                "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode",
                "   0: 0100007F:1F40 00000000:0000 0A 00000800:00000003 00:00000000 00000000     0        0 1 1",
                "   1: 0100007F:1F40 0100007F:D431 01 00000000:00000000 00:00000000 00000000     0        0 2 1",
                "   2: 00000000:0050 00000000:0000 0A 00000800:00000009 00:00000000 00000000     0        0 3 1");
        assertEquals(3, AcceptQueue.pending(lines, Set.of(8000)), "port 8000 = 0x1F40, LISTEN only");
        assertEquals(12, AcceptQueue.pending(lines, Set.of(8000, 80)));
        assertEquals(0, AcceptQueue.pending(lines, Set.of(9000)));
    }

    @Test
    void connectionsNobodyAcceptedAreCounted() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            InetSocketAddress address = (InetSocketAddress) listener.getLocalSocketAddress();
            assertEquals(0, AcceptQueue.pending(List.of(address)));
            List<Socket> clients = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    clients.add(new Socket(address.getAddress(), address.getPort()));
                }
                Await.until(Duration.ofSeconds(10), "3 queued connections", () -> AcceptQueue.pending(List.of(address)) == 3);
                listener.accept().close();
                assertTrue(AcceptQueue.pending(List.of(address)) == 2);
            } finally {
                for (Socket client : clients) {
                    client.close();
                }
            }
        }
    }
}
