package dev.gateway.spi.testing;

import dev.gateway.spi.server.WebSocketRules;
import dev.gateway.spi.websocket.Message;
import dev.gateway.spi.websocket.WebSocket;
import dev.gateway.spi.websocket.WebSocketClosedException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One end of an in-process WebSocket: what the other end sends arrives here whole, in order. Like a
 * socket's buffers, each end holds at most {@link #CAPACITY} messages not yet received: a sender past
 * that blocks until the receiver catches up (the contract's backpressure). Close frames are never
 * held back, so the close handshake completes whatever the queues hold.
 */
final class MemoryWebSocket implements WebSocket {

    /** Messages an end holds before its peer's sends block. */
    static final int CAPACITY = 16;

    /** A close frame in the queue. */
    private record Close(int code, String reason) {
    }

    private final LinkedBlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
    private final Semaphore room = new Semaphore(CAPACITY);
    /** Held by a sender for one message, or for all the fragments of a stream. */
    private final ReentrantLock sending = new ReentrantLock();
    private final String subprotocol;
    private MemoryWebSocket peer;
    private volatile boolean closeSent;
    private volatile int closeCode = -1;
    private volatile String closeReason = "";

    private MemoryWebSocket(String subprotocol) {
        this.subprotocol = subprotocol;
    }

    /** Two connected ends: {@code [0]} the server's (the application's), {@code [1]} the client's. */
    static MemoryWebSocket[] pair(String subprotocol) {
        MemoryWebSocket server = new MemoryWebSocket(subprotocol);
        MemoryWebSocket client = new MemoryWebSocket(subprotocol);
        server.peer = client;
        client.peer = server;
        return new MemoryWebSocket[] {server, client};
    }

    @Override
    public Message receive() throws IOException {
        if (closeCode >= 0) {
            return null;
        }
        Object next;
        try {
            next = inbox.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for a message");
        }
        if (next instanceof Message message) {
            room.release();
            return message;
        }
        Close close = (Close) next;
        closeReason = close.reason();
        closeCode = close.code();
        if (!closeSent) {
            // RFC 6455 section 5.5.1: an endpoint answers a close with a close, usually echoing the code.
            sendClose(close.code() == NO_STATUS_RECEIVED ? NORMAL_CLOSURE : close.code(), "");
        }
        return null;
    }

    @Override
    public void sendText(String text) throws IOException {
        send(Message.text(text));
    }

    @Override
    public void sendBinary(byte[] data) throws IOException {
        send(Message.binary(data.clone()));
    }

    private void send(Message message) throws IOException {
        sending.lock();
        try {
            deliver(message);
        } finally {
            sending.unlock();
        }
    }

    private void deliver(Message message) throws IOException {
        checkOpen();
        try {
            peer.room.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting to send");
        }
        peer.inbox.add(message);
    }

    /** The fragments are joined here: in process a message arrives whole anyway. */
    @Override
    public OutputStream sendStream(boolean text) throws IOException {
        checkOpen();
        sending.lock();
        return new ByteArrayOutputStream() {
            private boolean ended;

            @Override
            public void close() throws IOException {
                if (ended) {
                    return;
                }
                ended = true;
                try {
                    deliver(new Message(text, toByteArray()));
                } finally {
                    sending.unlock();
                }
            }
        };
    }

    @Override
    public void ping(byte[] data) throws IOException {
        String problem = WebSocketRules.checkPing(data);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        checkOpen(); // the peer answers with a pong, which is not delivered
    }

    @Override
    public void close(int code, String reason) {
        String problem = WebSocketRules.checkClose(code, reason);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        sendClose(code, reason);
    }

    private synchronized void sendClose(int code, String reason) {
        if (!closeSent) {
            closeSent = true;
            peer.inbox.add(new Close(code, reason));
        }
    }

    /** The application's call ended: the server closes a session still open with {@code code}. */
    void end(int code) {
        sendClose(code, "");
    }

    private void checkOpen() throws WebSocketClosedException {
        if (closeSent || closeCode >= 0) {
            throw new WebSocketClosedException("the WebSocket is closed");
        }
    }

    @Override
    public int closeCode() {
        return closeCode;
    }

    @Override
    public String closeReason() {
        return closeReason;
    }

    @Override
    public String subprotocol() {
        return subprotocol;
    }

    @Override
    public boolean isOpen() {
        return !closeSent && closeCode < 0;
    }
}
