package dev.gateway.server.websocket;

import dev.gateway.server.support.RawClient;
import dev.gateway.server.support.RawResponse;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/** A WebSocket spoken byte by byte over a {@link RawClient}: to send frames no client library would. */
final class RawSocket implements AutoCloseable {

    /** A frame as the server sent it (servers do not mask). */
    record Frame(int opcode, boolean fin, byte[] payload) {
        int closeCode() {
            return payload.length >= 2 ? (payload[0] & 0xFF) << 8 | payload[1] & 0xFF : -1;
        }
    }

    final RawClient client;
    final RawResponse handshake;

    private RawSocket(RawClient client, RawResponse handshake) {
        this.client = client;
        this.handshake = handshake;
    }

    /** Opens {@code path} with {@code extraHeaders} (CRLF-terminated lines); the response head is read. */
    static RawSocket open(int port, String path, String extraHeaders) throws IOException {
        RawClient client = new RawClient(port).timeout(20_000);
        client.send("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n" + extraHeaders + "\r\n");
        return new RawSocket(client, client.readHead());
    }

    RawSocket send(byte[] bytes) throws IOException {
        client.send(bytes);
        return this;
    }

    Frame read() throws IOException {
        InputStream in = client.input();
        int b0 = readByte(in);
        int b1 = readByte(in);
        long length = b1 & 0x7F;
        if (length == 126) {
            length = (readByte(in) << 8) | readByte(in);
        } else if (length == 127) {
            length = 0;
            for (int i = 0; i < 8; i++) {
                length = length << 8 | readByte(in);
            }
        }
        byte[] payload = in.readNBytes((int) length);
        return new Frame(b0 & 0x0F, (b0 & 0x80) != 0, payload);
    }

    private static int readByte(InputStream in) throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException("the server closed the connection");
        }
        return b;
    }

    @Override
    public void close() throws IOException {
        client.close();
    }
}
