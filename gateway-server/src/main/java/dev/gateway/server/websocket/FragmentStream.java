package dev.gateway.server.websocket;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One message sent in fragments (RFC 6455 section 5.4): the first write is a text or binary frame
 * without FIN, the next ones continuation frames, {@code close()} a final empty continuation. The
 * session's send lock is held from {@code sendStream} to {@code close()}, so no other message comes
 * between the fragments (control frames may, as the RFC allows).
 */
final class FragmentStream extends OutputStream {

    private final ServerWebSocket session;
    private final boolean text;
    private final ReentrantLock sending;
    private boolean started;
    private boolean ended;

    FragmentStream(ServerWebSocket session, boolean text, ReentrantLock sending) {
        this.session = session;
        this.text = text;
        this.sending = sending;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (ended) {
            throw new IOException("the message stream is closed");
        }
        if (len == 0) {
            return;
        }
        session.write(frame(false, Unpooled.copiedBuffer(b, off, len)));
        started = true;
    }

    @Override
    public void close() throws IOException {
        if (ended) {
            return;
        }
        ended = true;
        try {
            session.write(frame(true, Unpooled.EMPTY_BUFFER));
        } finally {
            sending.unlock();
        }
    }

    private WebSocketFrame frame(boolean last, io.netty.buffer.ByteBuf data) {
        if (started) {
            return new ContinuationWebSocketFrame(last, 0, data);
        }
        return text ? new TextWebSocketFrame(last, 0, data) : new BinaryWebSocketFrame(last, 0, data);
    }
}
