package dev.gateway.server.websocket;

import dev.gateway.spi.server.WebSocketRules;
import dev.gateway.spi.websocket.Message;
import dev.gateway.spi.websocket.WebSocket;
import dev.gateway.spi.websocket.WebSocketClosedException;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The application's side of one socket: a blocking {@link WebSocket} over the connection that a
 * {@link WebSocketFrameHandler} runs on the event loop. Messages wait in a queue that the handler
 * stops filling at {@link #CAPACITY} (it stops reading the socket, so TCP pushes back on the client);
 * sends wait while the channel is above its write-buffer high-water mark. Nothing grows without bound.
 */
public final class ServerWebSocket implements WebSocket {

    /** Whole messages received and not yet taken before the server stops reading the socket. */
    static final int CAPACITY = 16;

    /** Put in the queue when the session ends: whoever takes it gets {@code null}. */
    private static final Object END = new Object();

    private final Channel channel;
    private final WebSocketFrameHandler frames;
    private final String subprotocol;
    private final LinkedBlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
    /** Held for one message, or for all the fragments of a stream: messages never interleave. */
    private final ReentrantLock sending = new ReentrantLock();
    private final ReentrantLock gate = new ReentrantLock();
    private final Condition writable = gate.newCondition();
    private final AtomicLong bytesIn = new AtomicLong();
    private final AtomicLong bytesOut = new AtomicLong();
    private final long openedNanos = System.nanoTime();
    private volatile boolean ended;
    /** This side sent (or is sending) its close frame: nothing more may be sent. */
    private volatile boolean closing;
    private volatile int peerCode = -1;
    private volatile String peerReason = "";
    private volatile int sentCode = -1;

    ServerWebSocket(Channel channel, WebSocketFrameHandler frames, String subprotocol) {
        this.channel = channel;
        this.frames = frames;
        this.subprotocol = subprotocol;
    }

    // ---- the application's side ---------------------------------------------------------------------

    @Override
    public Message receive() throws IOException {
        if (ended) {
            return null;
        }
        Object next;
        try {
            next = inbox.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for a WebSocket message");
        }
        if (next == END) {
            ended = true;
            return null;
        }
        frames.resumeReading();
        return (Message) next;
    }

    @Override
    public void sendText(String text) throws IOException {
        send(new TextWebSocketFrame(Unpooled.wrappedBuffer(text.getBytes(StandardCharsets.UTF_8))));
    }

    @Override
    public void sendBinary(byte[] data) throws IOException {
        send(new BinaryWebSocketFrame(Unpooled.copiedBuffer(data)));
    }

    @Override
    public OutputStream sendStream(boolean text) throws IOException {
        checkOpen();
        sending.lock();
        return new FragmentStream(this, text, sending);
    }

    @Override
    public void ping(byte[] data) throws IOException {
        String problem = WebSocketRules.checkPing(data);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        send(new PingWebSocketFrame(Unpooled.copiedBuffer(data)));
    }

    @Override
    public void close(int code, String reason) {
        String problem = WebSocketRules.checkClose(code, reason);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        if (!closing) {
            closing = true;
            frames.closeLater(code, reason);
        }
    }

    @Override
    public int closeCode() {
        return peerCode;
    }

    @Override
    public String closeReason() {
        return peerReason;
    }

    @Override
    public String subprotocol() {
        return subprotocol;
    }

    @Override
    public boolean isOpen() {
        return !closing && !ended && peerCode < 0;
    }

    /** One whole message. */
    private void send(WebSocketFrame frame) throws IOException {
        sending.lock();
        try {
            write(frame);
        } finally {
            sending.unlock();
        }
    }

    /** Writes one frame once the channel can take it; the caller holds the send lock. */
    void write(WebSocketFrame frame) throws IOException {
        try {
            checkOpen();
            awaitWritable();
        } catch (IOException e) {
            frame.release();
            throw e;
        }
        bytesOut.addAndGet(frame.content().readableBytes());
        channel.writeAndFlush(frame, channel.voidPromise());
    }

    private void checkOpen() throws WebSocketClosedException {
        if (closing || ended || peerCode >= 0 || !channel.isActive()) {
            throw new WebSocketClosedException("the WebSocket is closed");
        }
    }

    private void awaitWritable() throws IOException {
        if (channel.isWritable()) {
            return;
        }
        gate.lock();
        try {
            while (channel.isActive() && !channel.isWritable()) {
                writable.await(500, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting to send");
        } finally {
            gate.unlock();
        }
        if (!channel.isActive()) {
            throw new WebSocketClosedException("the connection closed");
        }
    }

    // ---- the event loop's side ----------------------------------------------------------------------

    void deliver(Message message) {
        bytesIn.addAndGet(message.data().length);
        inbox.add(message);
    }

    /** True while the queue can take another message: the handler reads the socket only then. */
    boolean hasRoom() {
        return inbox.size() < CAPACITY;
    }

    void peerClosed(int code, String reason) {
        if (peerCode < 0) {
            peerReason = reason;
            peerCode = code;
        }
    }

    /** This side's close frame went out (from the application, a stop, or a protocol failure). */
    void closing(int code) {
        closing = true;
        if (sentCode < 0) {
            sentCode = code;
        }
    }

    /** The session is over: {@link #receive()} returns null once the messages before it were taken. */
    void end() {
        if (peerCode < 0) {
            peerCode = ABNORMAL_CLOSURE; // no close frame came (RFC 6455 section 7.1.5)
        }
        inbox.add(END);
        signalWritable();
    }

    /** Wakes senders waiting for the channel (writability changed, or the channel closed). */
    void signalWritable() {
        gate.lock();
        try {
            writable.signalAll();
        } finally {
            gate.unlock();
        }
    }

    // ---- for the server ------------------------------------------------------------------------------

    /** The application's {@code call()} returned (or threw): a session still open is closed with {@code code}. */
    public void callEnded(int code) {
        if (!closing) {
            closing = true;
            frames.closeLater(code, "");
        }
    }

    /** The server is going away (a stop, a reload, a retired worker): close with 1001. */
    public void goAway() {
        if (!closing) {
            closing = true;
            frames.closeLater(GOING_AWAY, "server going away");
        }
    }

    /** Message payload bytes received. */
    public long bytesIn() {
        return bytesIn.get();
    }

    /** Message payload bytes sent. */
    public long bytesOut() {
        return bytesOut.get();
    }

    /** The code of this side's close frame, -1 when none was sent. */
    public int sentCode() {
        return sentCode;
    }

    /** How long the session has been open. */
    public long ageNanos() {
        return System.nanoTime() - openedNanos;
    }

    /** The connection this session runs on. */
    public Channel channel() {
        return channel;
    }
}
