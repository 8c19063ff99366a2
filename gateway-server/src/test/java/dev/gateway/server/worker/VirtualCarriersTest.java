package dev.gateway.server.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gateway.server.net.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The virtual-thread scheduler gets the cores the event loops leave, unless the JVM was told otherwise. */
class VirtualCarriersTest {

    private String saved;

    @BeforeEach
    void save() {
        saved = System.getProperty(VirtualCarriers.PARALLELISM);
        System.clearProperty(VirtualCarriers.PARALLELISM);
    }

    @AfterEach
    void restore() {
        if (saved == null) {
            System.clearProperty(VirtualCarriers.PARALLELISM);
        } else {
            System.setProperty(VirtualCarriers.PARALLELISM, saved);
        }
    }

    @Test
    void theCoresTheEventLoopsLeaveAtLeastOne() {
        int cores = Runtime.getRuntime().availableProcessors();
        VirtualCarriers.size(0);
        assertEquals(String.valueOf(Math.max(1, cores - HttpServer.defaultIoThreads(false))), System.getProperty(VirtualCarriers.PARALLELISM));
        System.clearProperty(VirtualCarriers.PARALLELISM);
        VirtualCarriers.size(cores + 4);
        assertEquals("1", System.getProperty(VirtualCarriers.PARALLELISM));
    }

    @Test
    void aValueGivenToTheJvmWins() {
        System.setProperty(VirtualCarriers.PARALLELISM, "7");
        VirtualCarriers.size(0);
        assertEquals("7", System.getProperty(VirtualCarriers.PARALLELISM));
    }
}
