package dev.gateway.server.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * {@code gateway.input}: the request body as an {@link InputStream}, fed by the event loop and read by
 * the worker thread. It asks the channel for more bytes only when its reader has consumed what it has,
 * so a 1 GiB upload is never held in memory (backpressure: the socket is not read while the
 * application is not reading). Reads past the end return -1.
 *
 * <p>The first read sends {@code 100 Continue} when the request asked for it (RFC 9110 section 10.1.1),
 * so an application that answers without reading the body never invites the client to send it.
 */
final class RequestBodyStream extends InputStream {

    /** How long a reader waits for the next bytes before checking the channel again. */
    private static final long POLL_MILLIS = 1000;

    private final Channel channel;
    /**
     * A request without a body: no bytes are ever queued and no reader ever waits, so it has no lock,
     * condition or queue (null), which were a tenth of the bytes allocated per bodyless request.
     */
    private final boolean empty;
    private final ReentrantLock lock;
    private final Condition changed;
    private final ArrayDeque<ByteBuf> queue;
    /*
     * The fields below are written under the lock (an empty stream's, which never change but for
     * discarded, excepted). The volatile ones are also read without it, by the checks the event loop
     * and the worker make when an exchange ends (isFinished, neverRead, bytesReceived): those used to take the lock at the same moment from both threads, and the
     * waiting one parked and had to be woken, about a tenth of the CPU samples of a hello.
     */
    private volatile Runnable beforeFirstRead;
    private ByteBuf current;
    private volatile boolean finished;
    /** Body bytes offered so far; only the event loop adds to it. */
    private volatile long received;
    private boolean readRequested;
    private IOException failure;
    private volatile boolean discarded;

    /**
     * @param channel         the connection to read from
     * @param beforeFirstRead run once at the first read (sends 100 Continue), or null
     */
    RequestBodyStream(Channel channel, Runnable beforeFirstRead) {
        this(channel, beforeFirstRead, false);
    }

    private RequestBodyStream(Channel channel, Runnable beforeFirstRead, boolean empty) {
        this.channel = channel;
        this.beforeFirstRead = beforeFirstRead;
        this.empty = empty;
        this.finished = empty;
        this.lock = empty ? null : new ReentrantLock();
        this.changed = empty ? null : lock.newCondition();
        this.queue = empty ? null : new ArrayDeque<>(4);
    }

    /** A stream that is already at its end: for requests without a body. */
    static RequestBodyStream empty(Channel channel) {
        return new RequestBodyStream(channel, null, true);
    }

    // ---- event-loop side -------------------------------------------------------------------------

    /** Adds body bytes; the stream takes over the reference. */
    void offer(ByteBuf content) {
        if (empty) {
            // The empty end of a bodyless request (its LastHttpContent): nothing to keep.
            received += content.readableBytes();
            content.release();
            return;
        }
        lock.lock();
        try {
            received += content.readableBytes();
            readRequested = false;
            if (finished || failure != null) {
                content.release();
                return;
            }
            if (content.isReadable()) {
                queue.add(content);
            } else {
                content.release();
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Body bytes that arrived for this request so far, read by the application or not (the bytes-in metric). */
    long bytesReceived() {
        return received;
    }

    /** Marks the end of the body. */
    void finish() {
        if (empty) {
            return; // finished from the start
        }
        lock.lock();
        try {
            readRequested = false;
            finished = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Fails pending and later reads (client gone, bad chunked framing). */
    void fail(IOException cause) {
        if (empty) {
            return; // finished and read to its end from the start: nothing left to fail
        }
        lock.lock();
        try {
            if (failure == null && !(finished && queue.isEmpty() && current == null)) {
                failure = cause;
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** True when the whole body arrived (read or not). */
    boolean isFinished() {
        return finished;
    }

    /** True when the whole body arrived and was read: the connection is at the next request. */
    boolean isFullyConsumed() {
        if (empty) {
            return true;
        }
        lock.lock();
        try {
            return finished && queue.isEmpty() && (current == null || !current.isReadable());
        } finally {
            lock.unlock();
        }
    }

    /** True when the application never read: a pending {@code 100 Continue} was never sent. */
    boolean neverRead() {
        return beforeFirstRead != null;
    }

    /** Releases every buffer still held; later reads fail. */
    void discard() {
        if (empty) {
            discarded = true; // no buffer to release, and no reader waits on a finished stream
            return;
        }
        lock.lock();
        try {
            if (current != null) {
                current.release();
                current = null;
            }
            ByteBuf buf;
            while ((buf = queue.poll()) != null) {
                buf.release();
            }
            // No exception is made here: one per request, with its stack trace, for a read that almost
            // never comes, was a measurable share of the hello-world path. read() makes it if needed.
            discarded = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    // ---- reader side -----------------------------------------------------------------------------

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        if (empty) {
            return endOfEmptyBody();
        }
        lock.lock();
        try {
            runBeforeFirstRead();
            while (true) {
                if (failure != null) {
                    throw failure;
                }
                if (discarded) {
                    throw noLongerAvailable();
                }
                if (current != null && current.isReadable()) {
                    int n = Math.min(len, current.readableBytes());
                    current.readBytes(b, off, n);
                    return n;
                }
                if (current != null) {
                    current.release();
                    current = null;
                }
                current = queue.poll();
                if (current != null) {
                    continue;
                }
                if (finished) {
                    return -1;
                }
                awaitMore();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while reading the request body");
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int available() {
        if (empty) {
            return 0;
        }
        lock.lock();
        try {
            int n = current == null ? 0 : current.readableBytes();
            for (ByteBuf buf : queue) {
                n += buf.readableBytes();
            }
            return n;
        } finally {
            lock.unlock();
        }
    }

    private int endOfEmptyBody() throws IOException {
        if (discarded) {
            throw noLongerAvailable();
        }
        return -1;
    }

    private static IOException noLongerAvailable() {
        return new IOException("request body no longer available: the response is complete");
    }

    private void runBeforeFirstRead() {
        if (beforeFirstRead != null) {
            Runnable action = beforeFirstRead;
            beforeFirstRead = null;
            action.run();
        }
    }

    private void awaitMore() throws InterruptedException, IOException {
        if (!channel.isActive()) {
            throw new ClientDisconnectedException("client disconnected before the request body ended");
        }
        if (!readRequested) {
            readRequested = true;
            channel.read();
        }
        changed.await(POLL_MILLIS, TimeUnit.MILLISECONDS);
    }
}
