package dev.gateway.server.http;

import io.netty.channel.Channel;
import java.io.InterruptedIOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Lets a worker thread wait until its connection can take more output (Netty's write-buffer high and
 * low water marks) or has closed. The event loop opens the gate from
 * {@code channelWritabilityChanged} and {@code channelInactive}.
 */
final class WritabilityGate {

    private final Channel channel;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();

    WritabilityGate(Channel channel) {
        this.channel = channel;
    }

    /** Blocks while the channel is open and not writable. */
    void awaitWritable() throws ClientDisconnectedException, InterruptedIOException {
        if (!channel.isActive()) {
            throw new ClientDisconnectedException("client disconnected during the response");
        }
        if (channel.isWritable() || channel.eventLoop().inEventLoop()) {
            // On the event loop (a non-blocking application's call) nothing could make the channel
            // writable while this waits: the response is buffered whole (docs/spec.md, "Threads").
            return;
        }
        channel.flush();
        lock.lock();
        try {
            while (channel.isActive() && !channel.isWritable()) {
                changed.await(500, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting to write the response");
        } finally {
            lock.unlock();
        }
        if (!channel.isActive()) {
            throw new ClientDisconnectedException("client disconnected during the response");
        }
    }

    /** Wakes waiting writers; called on the event loop. */
    void signal() {
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
