package dev.gateway.spi.lint;

import dev.gateway.spi.server.WebSocketRules;
import dev.gateway.spi.websocket.Message;
import dev.gateway.spi.websocket.WebSocket;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/** WS-6: close codes and reasons, ping sizes, and no send after this side's own close. */
final class LintWebSocket implements WebSocket {

    private final Lint lint;
    private final WebSocket server;
    private volatile boolean closed;

    LintWebSocket(Lint lint, WebSocket server) {
        this.lint = lint;
        this.server = server;
    }

    @Override
    public Message receive() throws IOException {
        return server.receive();
    }

    @Override
    public void sendText(String text) throws IOException {
        checkOpen("sendText()");
        if (text == null) {
            throw lint.fail(Rule.WS_6, "sendText(null)");
        }
        server.sendText(text);
    }

    @Override
    public void sendBinary(byte[] data) throws IOException {
        checkOpen("sendBinary()");
        if (data == null) {
            throw lint.fail(Rule.WS_6, "sendBinary(null)");
        }
        server.sendBinary(data);
    }

    @Override
    public OutputStream sendStream(boolean text) throws IOException {
        checkOpen("sendStream()");
        return new FilterOutputStream(server.sendStream(text)) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                checkOpen("a write of sendStream()");
                out.write(b, off, len);
            }
        };
    }

    @Override
    public void ping(byte[] data) throws IOException {
        checkOpen("ping()");
        String problem = WebSocketRules.checkPing(data);
        if (problem != null) {
            throw lint.fail(Rule.WS_6, problem);
        }
        server.ping(data);
    }

    @Override
    public void close(int code, String reason) throws IOException {
        String problem = WebSocketRules.checkClose(code, reason);
        if (problem != null) {
            throw lint.fail(Rule.WS_6, problem);
        }
        closed = true;
        server.close(code, reason);
    }

    @Override
    public int closeCode() {
        return server.closeCode();
    }

    @Override
    public String closeReason() {
        return server.closeReason();
    }

    @Override
    public String subprotocol() {
        return server.subprotocol();
    }

    @Override
    public boolean isOpen() {
        return server.isOpen();
    }

    private void checkOpen(String what) {
        if (closed) {
            throw lint.fail(Rule.WS_6, what + " after close(); nothing may be sent after the close frame");
        }
    }
}
