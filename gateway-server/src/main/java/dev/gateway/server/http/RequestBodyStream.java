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
 * the worker thread. It holds at most {@link #READ_AHEAD_BYTES} unread, plus the piece being read and
 * one more in flight, so a 1 GiB upload is never held in memory (backpressure: the socket is not read
 * while the application is not reading). Below that mark the event loop reads the next piece as soon
 * as one arrives, while the application works on the one before; the reader asks again only once it
 * has consumed enough. Reads past the end return -1.
 *
 * <p>The first read sends {@code 100 Continue} when the request asked for it (RFC 9110 section 10.1.1),
 * so an application that answers without reading the body never invites the client to send it.
 */
final class RequestBodyStream extends InputStream {

    /** How long a reader waits for the next bytes before checking the channel again. */
    private static final long POLL_MILLIS = 1000;

    /**
     * Unread bytes up to which the next piece is read at once: one socket read's worth (Netty's
     * adaptive reads grow to 64 KiB). Reading one piece ahead lets the socket read and the
     * application's work overlap; asking only when the stream ran dry made every piece wait for
     * two thread wake-ups in turn, the worker's and the event loop's (docs/performance.md,
     * "Uploads: reading one piece ahead").
     */
    static final int READ_AHEAD_BYTES = 64 * 1024;

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
    /** Bytes in {@link #queue}: what arrived and the reader has not begun. */
    private int queuedBytes;
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

    /**
     * Adds body bytes; the stream takes over the reference. Returns true when the caller is to read
     * the next piece now: at most {@link #READ_AHEAD_BYTES} wait unread, and the stream counts
     * that read as requested, so its reader does not ask for it again.
     */
    boolean offer(ByteBuf content) {
        if (empty) {
            // The empty end of a bodyless request (its LastHttpContent): nothing to keep.
            received += content.readableBytes();
            content.release();
            return false;
        }
        lock.lock();
        try {
            received += content.readableBytes();
            readRequested = false;
            if (finished || failure != null || discarded) {
                content.release();
                return false;
            }
            if (content.isReadable()) {
                queue.add(content);
                queuedBytes += content.readableBytes();
            } else {
                content.release();
            }
            changed.signalAll();
            readRequested = queuedBytes <= READ_AHEAD_BYTES;
            return readRequested;
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
            queuedBytes = 0;
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
                    queuedBytes -= current.readableBytes();
                    readAheadIfLow();
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

    /**
     * The reader took a piece and what waits fell to the mark, while no read is outstanding (the
     * event loop stopped reading ahead because the application fell behind): asks for the next one.
     */
    private void readAheadIfLow() {
        if (!readRequested && !finished && queuedBytes <= READ_AHEAD_BYTES && channel.isActive()) {
            readRequested = true;
            channel.read();
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
