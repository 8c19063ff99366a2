package dev.gateway.server.support;

import static org.junit.jupiter.api.Assertions.assertFalse;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import org.junit.jupiter.api.Test;

/** The leak check the reliability tests rely on must see a real leak, or it proves nothing. */
class LeakWatcherTest {

    @Test
    void seesABufferThatWasNeverReleased() throws Exception {
        try (LeakWatcher watcher = new LeakWatcher()) {
            long deadline = System.currentTimeMillis() + 10_000;
            while (watcher.reports().isEmpty() && System.currentTimeMillis() < deadline) {
                leak();
                LeakWatcher.collectGarbage();
                ByteBuf probe = ByteBufAllocator.DEFAULT.buffer(16); // allocation triggers the report
                probe.release();
            }
            assertFalse(watcher.reports().isEmpty(), "no leak report within 10 s (is -Dio.netty.leakDetection.level=paranoid set?)");
        }
    }

    private static void leak() {
        ByteBuf leaked = ByteBufAllocator.DEFAULT.buffer(64);
        leaked.writeByte(1);
    }
}
