package dev.gateway.server.net;

import dev.gateway.server.config.LoggerNames;
import io.netty.channel.Channel;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts the open connections of one server against {@code max_connections}, and logs refusals at
 * most once a second: a flood of connections must not become a flood of log lines.
 */
final class ConnectionLimit {

    private static final Logger log = LoggerFactory.getLogger(LoggerNames.ERROR);
    private static final long LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final int max;
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger refusedSinceLog = new AtomicInteger();
    private final AtomicLong lastLog = new AtomicLong(System.nanoTime() - LOG_INTERVAL_NANOS);

    /** @param max the most connections open at once; 0 for no limit */
    ConnectionLimit(int max) {
        this.max = max;
    }

    /**
     * Admits a new connection if there is room; an admitted connection counts until it closes.
     *
     * @return false when the connection must be refused
     */
    boolean admit(Channel connection) {
        if (max > 0 && open.incrementAndGet() > max) {
            open.decrementAndGet();
            noteRefusal();
            return false;
        }
        if (max > 0) {
            connection.closeFuture().addListener(f -> open.decrementAndGet());
        }
        return true;
    }

    private void noteRefusal() {
        refusedSinceLog.incrementAndGet();
        long now = System.nanoTime();
        long last = lastLog.get();
        if (now - last >= LOG_INTERVAL_NANOS && lastLog.compareAndSet(last, now)) {
            log.warn("max_connections ({}) reached: refused {} connection(s) with 503 since the last report",
                    max, refusedSinceLog.getAndSet(0));
        }
    }
}
