package dev.gateway.server.support;

import java.util.List;

/**
 * Collects Netty's leak reports ({@code LEAK: ByteBuf.release() was not called ...}), which Netty logs
 * at ERROR through {@code io.netty.util.ResourceLeakDetector}. Surefire runs with the detector at
 * paranoid level, so every buffer is tracked; a test fails when {@link #reports()} is not empty.
 */
public final class LeakWatcher implements AutoCloseable {

    private final LogRecorder recorder = new LogRecorder("io.netty.util.ResourceLeakDetector");

    /** Asks the JVM to collect garbage so that leaked buffers become visible to the detector. */
    public static void collectGarbage() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50); // time for the collected buffers' references to be enqueued: nothing to poll
        }
    }

    /** The leak reports seen so far. */
    public List<String> reports() {
        return recorder.lines().stream().map(LogRecorder.Line::message).toList();
    }

    /** For a class-wide watcher's {@code @AfterAll}: collects garbage, fails on any report, then stops watching. */
    public void assertNoLeakAndClose() throws InterruptedException {
        collectGarbage();
        try {
            if (!reports().isEmpty()) {
                throw new AssertionError("Netty buffers leaked: " + reports());
            }
        } finally {
            close();
        }
    }

    @Override
    public void close() {
        recorder.close();
    }
}
