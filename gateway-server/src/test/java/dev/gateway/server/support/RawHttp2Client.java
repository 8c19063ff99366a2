package dev.gateway.server.support;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersDecoder;
import io.netty.handler.codec.http2.DefaultHttp2HeadersEncoder;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersEncoder;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * A cleartext HTTP/2 client over a plain socket (prior knowledge), for tests that must send frames
 * no well-behaved client sends: resets in a burst, floods, runs of tiny CONTINUATION frames. Frames
 * are written byte by byte as RFC 9113 section 4.1 lays them out; header blocks are HPACK-encoded
 * with Netty's encoder, and the server's with Netty's decoder.
 */
public final class RawHttp2Client implements AutoCloseable {

    /** RFC 9113 section 6: frame types. */
    public static final int DATA = 0x0, HEADERS = 0x1, RST_STREAM = 0x3, SETTINGS = 0x4, PING = 0x6, GOAWAY = 0x7, WINDOW_UPDATE = 0x8,
            CONTINUATION = 0x9;
    /** Flags. */
    public static final int END_STREAM = 0x1, ACK = 0x1, END_HEADERS = 0x4;
    /** RFC 9113 section 7: error codes. */
    public static final int NO_ERROR = 0x0, PROTOCOL_ERROR = 0x1, CANCEL = 0x8, REFUSED_STREAM = 0x7, ENHANCE_YOUR_CALM = 0xb;

    private static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    /** One frame as read. */
    public record Frame(int type, int flags, int stream, byte[] payload) {
        /** GOAWAY's and RST_STREAM's error code. */
        public int errorCode() {
            return ByteBuffer.wrap(payload, type == GOAWAY ? 4 : 0, 4).getInt();
        }

        /** GOAWAY's last stream id. */
        public int lastStreamId() {
            return ByteBuffer.wrap(payload, 0, 4).getInt() & 0x7fffffff;
        }
    }

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private final DefaultHttp2HeadersEncoder encoder = new DefaultHttp2HeadersEncoder(Http2HeadersEncoder.NEVER_SENSITIVE, false);
    private final DefaultHttp2HeadersDecoder decoder = new DefaultHttp2HeadersDecoder(false, 1 << 20);

    /**
     * Connects, sends the preface and empty SETTINGS, and acknowledges the server's SETTINGS (the
     * server applies its own limits, such as the stream limit, once they are acknowledged).
     *
     * @param receiveBuffer the socket's receive buffer (small, to make a client that reads nothing)
     */
    public RawHttp2Client(int port, int receiveBuffer) throws IOException {
        this(port, receiveBuffer, new byte[0]);
    }

    /** @param preamble bytes sent before the preface (a PROXY protocol line) */
    public RawHttp2Client(int port, int receiveBuffer, byte[] preamble) throws IOException {
        socket = new Socket();
        if (receiveBuffer > 0) {
            socket.setReceiveBufferSize(receiveBuffer);
        }
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        socket.setSoTimeout(10_000);
        socket.setTcpNoDelay(true);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
        out.write(preamble);
        out.write(PREFACE);
        frame(SETTINGS, 0, 0, new byte[0]);
        Frame settings = await(f -> f.type() == SETTINGS && (f.flags() & ACK) == 0);
        if (settings == null) {
            throw new EOFException("the server sent no SETTINGS");
        }
        frame(SETTINGS, ACK, 0, new byte[0]);
    }

    public RawHttp2Client(int port) throws IOException {
        this(port, 0);
    }

    /** Writes one frame. */
    public void frame(int type, int flags, int stream, byte[] payload) throws IOException {
        out.write(header(type, flags, stream, payload.length));
        out.write(payload);
        out.flush();
    }

    /** The 9-byte frame header (RFC 9113 section 4.1). */
    public static byte[] header(int type, int flags, int stream, int length) {
        return ByteBuffer.allocate(9).put((byte) (length >>> 16)).put((byte) (length >>> 8)).put((byte) length)
                .put((byte) type).put((byte) flags).putInt(stream & 0x7fffffff).array();
    }

    /** A GET (or another method) of {@code path}, its header block in one HEADERS frame. */
    public void request(int stream, String method, String path, boolean endStream) throws IOException {
        frame(HEADERS, END_HEADERS | (endStream ? END_STREAM : 0), stream, block(requestHeaders(method, path)));
    }

    /** The pseudo-headers of a request (RFC 9113 section 8.3.1). */
    public static Http2Headers requestHeaders(String method, String path) {
        return new DefaultHttp2Headers().method(method).scheme("http").authority("localhost").path(path);
    }

    /** {@code headers} HPACK-encoded with this connection's encoder (its dynamic table included). */
    public byte[] block(Http2Headers headers) {
        ByteBuf buf = Unpooled.buffer();
        try {
            encoder.encodeHeaders(0, headers, buf);
            byte[] bytes = new byte[buf.readableBytes()];
            buf.readBytes(bytes);
            return bytes;
        } catch (Http2Exception e) {
            throw new IllegalStateException(e);
        } finally {
            buf.release();
        }
    }

    /** RST_STREAM with {@code code}. */
    public void reset(int stream, int code) throws IOException {
        frame(RST_STREAM, 0, stream, ByteBuffer.allocate(4).putInt(code).array());
    }

    /** The next frame, or null at the end of the stream (or a reset). */
    public Frame read() throws IOException {
        byte[] head = new byte[9];
        try {
            in.readFully(head);
        } catch (EOFException e) {
            return null;
        } catch (SocketTimeoutException e) {
            throw e;
        } catch (IOException e) {
            return null; // reset by the server: the connection ended
        }
        int length = (head[0] & 0xff) << 16 | (head[1] & 0xff) << 8 | head[2] & 0xff;
        int stream = ByteBuffer.wrap(head, 5, 4).getInt() & 0x7fffffff;
        byte[] payload = new byte[length];
        in.readFully(payload);
        return new Frame(head[3] & 0xff, head[4] & 0xff, stream, payload);
    }

    /** Reads until a frame matches (returned) or the connection ends (null). */
    public Frame await(Predicate<Frame> wanted) throws IOException {
        for (Frame frame; (frame = read()) != null; ) {
            if (wanted.test(frame)) {
                return frame;
            }
            if (frame.type() == HEADERS) {
                headers(frame); // keep the decoder's dynamic table in step
            }
        }
        return null;
    }

    /** A HEADERS frame's fields (a single frame with END_HEADERS, as this server sends them). */
    public Map<String, String> headers(Frame frame) throws IOException {
        try {
            Http2Headers headers = decoder.decodeHeaders(frame.stream(), Unpooled.wrappedBuffer(frame.payload()));
            Map<String, String> fields = new TreeMap<>();
            headers.forEach(e -> fields.put(e.getKey().toString(), e.getValue().toString()));
            return fields;
        } catch (Http2Exception e) {
            throw new IOException(e);
        }
    }

    /** The body of stream {@code stream}: its DATA frames up to the one that ends the stream. */
    public byte[] body(int stream) throws IOException {
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        while (true) {
            Frame frame = await(f -> f.type() == DATA && f.stream() == stream);
            if (frame == null) {
                throw new EOFException("the connection ended inside the body of stream " + stream);
            }
            body.writeBytes(frame.payload());
            if ((frame.flags() & END_STREAM) != 0) {
                return body.toByteArray();
            }
        }
    }

    /** The socket, for its timeout. */
    public Socket socket() {
        return socket;
    }

    @Override
    public void close() throws IOException {
        encoder.close();
        socket.close();
    }
}
