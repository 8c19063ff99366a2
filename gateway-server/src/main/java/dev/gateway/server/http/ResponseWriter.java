package dev.gateway.server.http;

import dev.gateway.spi.FileBody;
import dev.gateway.spi.Header;
import dev.gateway.spi.server.ResponseState;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundInvoker;
import io.netty.channel.ChannelPromise;
import io.netty.channel.DefaultFileRegion;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.AsciiString;
import java.io.IOException;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;

/**
 * Turns what the application returned into bytes on one connection, on the worker thread: the head
 * goes out with the first non-empty chunk (PEP 3333, "Buffering and Streaming"), the framing is
 * decided once ({@link Framing}), {@code Date} and {@code Server} are added when the application left
 * them out, and a {@code Content-Length} that disagrees with the body ends the connection.
 *
 * <p>The head and the body framing are encoded here, to bytes ({@link HeadEncoder}, {@link ChunkEncoder}),
 * and written below Netty's response encoder, which only the server's own answers on the event loop
 * (errors, 100 Continue, the readiness path) go through: the event loop only copies bytes to the socket.
 *
 * <p>It waits while the channel is not writable, so a slow client slows the worker instead of filling
 * memory, and it stops with {@link ClientDisconnectedException} when the client has gone.
 */
final class ResponseWriter {

    private static final String SERVER_NAME = "gateway";
    /** Field names as applications (and this class) usually spell them, with their HTTP/2 form. */
    private static final Map<String, AsciiString> COMMON_NAMES = Map.ofEntries(
            Map.entry("Content-Type", HttpHeaderNames.CONTENT_TYPE),
            Map.entry("Content-Length", HttpHeaderNames.CONTENT_LENGTH),
            Map.entry("Content-Encoding", HttpHeaderNames.CONTENT_ENCODING),
            Map.entry("Date", HttpHeaderNames.DATE),
            Map.entry("Server", HttpHeaderNames.SERVER),
            Map.entry("Cache-Control", HttpHeaderNames.CACHE_CONTROL),
            Map.entry("Set-Cookie", HttpHeaderNames.SET_COOKIE),
            Map.entry("Location", HttpHeaderNames.LOCATION),
            Map.entry("Last-Modified", HttpHeaderNames.LAST_MODIFIED),
            Map.entry("ETag", HttpHeaderNames.ETAG),
            Map.entry("Vary", HttpHeaderNames.VARY),
            Map.entry("Expires", HttpHeaderNames.EXPIRES));

    private final Channel channel;
    /** Where the bytes go: the pipeline below the response encoder (the channel itself when there is none). */
    private final ChannelOutboundInvoker out;
    private final WritabilityGate gate;
    private final HttpVersion version;
    /** HTTP/2: the response goes out as HTTP/1-style objects that the stream's codec turns into frames. */
    private final boolean http2;
    private final boolean head;
    private final ResponseState state;
    private boolean keepAlive;
    private Framing framing;
    private long declaredLength = -1;
    private long sent;
    private boolean lengthMismatch;
    /** Set from another thread when the request timed out: the client got its answer, later writes are dropped. */
    private volatile boolean abandoned;

    ResponseWriter(Channel channel, WritabilityGate gate, HttpVersion version, boolean head, boolean keepAlive) {
        this.channel = channel;
        ChannelHandlerContext encoder = channel.pipeline().context(HttpServerInitializer.ENCODER);
        this.out = encoder != null ? encoder : channel;
        this.gate = gate;
        this.version = version;
        this.http2 = version.majorVersion() == 2;
        this.head = head;
        this.keepAlive = keepAlive;
        this.state = new ResponseState(this::write);
    }

    /** Drops every later write of this response (the request ran past its deadline). */
    void abandon() {
        abandoned = true;
    }

    /** True once {@link #abandon} was called. */
    boolean abandoned() {
        return abandoned;
    }

    /** The start-response state the application receives. */
    ResponseState state() {
        return state;
    }

    /** True once the status line and headers were handed to the channel. */
    boolean headSent() {
        return state.headersSent();
    }

    /** Response body bytes handed to the channel so far. */
    long bodyBytesSent() {
        return sent;
    }

    /**
     * True when the body ended before the length its Content-Length announced (the client waits for
     * bytes that never come, so the connection is ended).
     */
    boolean bodyShort() {
        return framing == Framing.CONTENT_LENGTH && !head && sent < declaredLength;
    }

    /** The length the response's Content-Length announced, -1 when there was none. */
    long declaredLength() {
        return framing == Framing.CONTENT_LENGTH ? declaredLength : -1;
    }

    /** True when the connection may carry another request after this response. */
    boolean keepAlive() {
        return keepAlive && !lengthMismatch;
    }

    /** Sends the whole body and ends the response; returns the future of the last write. */
    ChannelFuture sendBody(Iterable<byte[]> body) throws IOException {
        checkNotAbandoned();
        if (body instanceof FileBody file && zeroCopy()) {
            return sendFile(file);
        }
        if (body instanceof Collection<?> chunks && chunks.size() <= 1 && !headSent()) {
            byte[] chunk = chunks.isEmpty() ? new byte[0] : (byte[]) chunks.iterator().next();
            return http2 ? sendSingleMessage(chunk, !(body instanceof AutoCloseable)) : sendSingle(chunk);
        }
        Iterator<byte[]> chunks = body.iterator();
        while (chunks.hasNext()) {
            write(chunks.next());
        }
        return finish();
    }

    /** The legacy write callable, and the step of the iteration: sends one chunk now. */
    void write(byte[] chunk) throws IOException {
        if (chunk == null) {
            throw new IllegalArgumentException("body chunk is null");
        }
        if (chunk.length == 0) {
            return;
        }
        checkNotAbandoned();
        if (!headSent()) {
            out.write(http2 ? headFrame(-1, false) : head(-1, 0));
        }
        writeContent(chunk);
    }

    /** Ends the response: sends the head if it is still pending, then the end of the body. */
    ChannelFuture finish() throws IOException {
        checkNotAbandoned();
        // HTTP/2: a head still pending ends the stream itself (HEADERS with END_STREAM, no DATA).
        Object pendingHead = headSent() ? null : http2 ? headFrame(0, true) : head(0, 0);
        if (framing == Framing.CONTENT_LENGTH && sent < declaredLength && !head) {
            // The body was shorter than its Content-Length: the client cannot tell where the next
            // response starts, so the connection must end (PEP 3333, "Handling the Content-Length Header").
            lengthMismatch = true;
        }
        if (http2) {
            return out.writeAndFlush(pendingHead != null ? pendingHead : new DefaultHttp2DataFrame(true));
        }
        if (pendingHead != null) {
            out.write(pendingHead);
        }
        return out.writeAndFlush(framing == Framing.CHUNKED ? ChunkEncoder.last(channel.alloc()) : Unpooled.EMPTY_BUFFER);
    }

    private void checkNotAbandoned() throws ClientDisconnectedException {
        if (abandoned) {
            throw new ClientDisconnectedException("the request ran past its timeout and was answered already");
        }
    }

    /**
     * A body of at most one chunk: its length is known, so head and body go out as one buffer in one
     * write (one task for the event loop instead of three: this is the hello-world hot path).
     */
    private ChannelFuture sendSingle(byte[] chunk) throws IOException {
        ByteBuf response = head(chunk.length, chunk.length);
        int length = bodyLength(chunk.length);
        sent = length;
        // The copy is needed anyway (see copyOf); here it lands right behind the head.
        response.writeBytes(chunk, 0, length);
        return out.writeAndFlush(response);
    }

    /**
     * HTTP/2: a body of at most one chunk goes out with its head in one flush: a HEADERS frame, and
     * a DATA frame that ends the stream (the connection's flow controller cuts it into frames of
     * the client's maximum size), or HEADERS that end the stream when there is no body.
     *
     * <p>A large array the application can no longer change (frozen: its body has no
     * {@code close()}, docs/spec.md "Body and close()") is sent as it is: the flow controller cuts it
     * into DATA frames, and the transport copies each frame to native memory as it writes it, while
     * it is in the cache. Copying the whole array first cost about 130 µs of CPU per MiB, most of it
     * faulting in fresh memory for the copy (bench/h2.sh, 1 MiB download: 2,300 to 3,100 req/s).
     */
    private ChannelFuture sendSingleMessage(byte[] chunk, boolean frozen) throws IOException {
        int available = chunk.length;
        Http2HeadersFrame headers = headFrame(available, false);
        int length = bodyLength(available);
        sent = length;
        if (length == 0) {
            return out.writeAndFlush(new DefaultHttp2HeadersFrame(headers.headers(), true));
        }
        ByteBuf content = frozen && length > Http2CodecUtil.DEFAULT_MAX_FRAME_SIZE
                ? Unpooled.wrappedBuffer(chunk, 0, length) : copyOf(chunk, length);
        return writeBoth(headers, new DefaultHttp2DataFrame(content, true));
    }

    /**
     * Writes two frames and flushes, as one task of the event loop. Each write from a worker thread
     * is a task of its own, with a promise: one task per response instead of two (docs/performance.md,
     * "One task per response").
     */
    private ChannelFuture writeBoth(Object first, Object last) {
        ChannelPromise promise = channel.newPromise();
        EventLoop loop = channel.eventLoop();
        if (loop.inEventLoop()) {
            writeBoth(first, last, promise);
        } else {
            loop.execute(() -> writeBoth(first, last, promise));
        }
        return promise;
    }

    private void writeBoth(Object first, Object last, ChannelPromise promise) {
        // The first frame's failure fails the second too, whose promise is the response's.
        out.write(first, out.voidPromise());
        out.writeAndFlush(last, promise);
    }

    /** True when a file can go to the socket as it is: not through TLS, not into HTTP/2 frames. */
    private boolean zeroCopy() {
        return !http2 && channel.pipeline().get(SslHandler.class) == null;
    }

    /** How much of a one-chunk body of {@code available} bytes goes out, now that the head is decided. */
    private int bodyLength(int available) {
        if (head || framing == Framing.NO_BODY) {
            return 0;
        }
        if (framing == Framing.CONTENT_LENGTH && available != declaredLength) {
            lengthMismatch = true;
            return (int) Math.min(available, declaredLength);
        }
        return available;
    }

    /** Zero copy: the kernel moves the file region to the socket (only without TLS). */
    private ChannelFuture sendFile(FileBody file) throws IOException {
        out.write(head(file.count(), 0));
        long count = framing == Framing.CONTENT_LENGTH ? Math.min(file.count(), declaredLength) : file.count();
        if (!head && framing != Framing.NO_BODY && count > 0) {
            gate.awaitWritable();
            if (framing == Framing.CHUNKED) {
                out.write(ChunkEncoder.sizeLine(channel.alloc(), count));
            }
            out.write(new DefaultFileRegion(file.channel(), file.position(), count) {
                @Override
                protected void deallocate() {
                    // The application's FileBody owns the channel; the server closes the body, not the region.
                }
            });
            if (framing == Framing.CHUNKED) {
                out.write(ChunkEncoder.chunkEnd(channel.alloc()));
            }
            sent += count;
        }
        return finish();
    }

    private void writeContent(byte[] chunk) throws IOException {
        if (head || framing == Framing.NO_BODY) {
            return;
        }
        int length = chunk.length;
        if (framing == Framing.CONTENT_LENGTH && sent + length > declaredLength) {
            // Longer than its Content-Length: send what was promised, then end the connection.
            length = (int) Math.max(0, declaredLength - sent);
            lengthMismatch = true;
        }
        if (length == 0) {
            return;
        }
        gate.awaitWritable();
        // PEP 3333 ("Buffering and Streaming"): each chunk goes out now, not when the body ends, so a
        // streamed response (server-sent events, a progress feed) reaches the client as it is made.
        if (http2) {
            out.writeAndFlush(new DefaultHttp2DataFrame(copyOf(chunk, length)));
        } else {
            out.writeAndFlush(framing == Framing.CHUNKED ? ChunkEncoder.chunk(channel.alloc(), chunk, length) : copyOf(chunk, length));
        }
        sent += length;
        if (lengthMismatch) {
            throw new ContentLengthExceededException();
        }
    }

    /**
     * The first {@code length} bytes of {@code chunk}, in a buffer of the channel's own. The write
     * completes later on the event loop, and the application may refill its array as soon as it is
     * asked for the next chunk, or closes the body (docs/spec.md, "Body and close()"). The copy is
     * not an extra one: the socket write copies an array into native memory anyway, only later.
     */
    private ByteBuf copyOf(byte[] chunk, int length) {
        return channel.alloc().ioBuffer(length).writeBytes(chunk, 0, length);
    }

    /**
     * Encodes the head and marks it sent.
     *
     * @param knownLength the body length when the server knows it, else -1
     * @param room        body bytes the caller will append to the same buffer
     */
    private ByteBuf head(long knownLength, int room) throws IOException {
        long appLength = decideFraming(knownLength);
        HeadEncoder encoder = new HeadEncoder().statusLine(version.text(), state.status());
        fields(appLength, knownLength, encoder::field);
        ByteBuf bytes = encoder.end(channel.alloc(), room);
        state.markHeadersSent();
        return bytes;
    }

    /**
     * HTTP/2: the head as a HEADERS frame, written past the stream's HTTP/1 codec (which passes
     * frames through): building HTTP/1 headers for the codec to convert cost a tenth of the CPU of a
     * small response. Field names are lower-cased (RFC 9113 section 8.2.1); names and values were
     * checked by the start-response rules, which also refuse the connection-specific fields RFC 9113
     * section 8.2.2 forbids, so they are not checked again.
     */
    private Http2HeadersFrame headFrame(long knownLength, boolean endStream) throws IOException {
        long appLength = decideFraming(knownLength);
        Http2Headers headers = new DefaultHttp2Headers(false);
        headers.status(HttpResponseStatus.valueOf(state.statusCode()).codeAsText());
        fields(appLength, knownLength, (name, value) -> headers.add(http2Name(name), value));
        state.markHeadersSent();
        return new DefaultHttp2HeadersFrame(headers, endStream);
    }

    /**
     * A field name lower-cased for HTTP/2 (RFC 9113 section 8.2.1): the common names as they are
     * usually spelled map to Netty's constants, so a typical response lower-cases nothing.
     */
    private static AsciiString http2Name(String name) {
        AsciiString known = COMMON_NAMES.get(name);
        return known != null ? known : AsciiString.of(name).toLowerCase();
    }

    /**
     * Decides the framing once the application started the response; returns the application's own
     * Content-Length, or -1.
     *
     * @param knownLength the body length when the server knows it, else -1
     */
    private long decideFraming(long knownLength) throws IOException {
        if (!state.started()) {
            throw new IllegalStateException("the application returned a body without calling start()");
        }
        if (!channel.isActive()) {
            throw new ClientDisconnectedException("client disconnected before the response started");
        }
        long appLength = state.contentLength();
        framing = Framing.decide(state.statusCode(), head, version, appLength >= 0 ? appLength : knownLength);
        declaredLength = appLength >= 0 ? appLength : knownLength;
        return appLength;
    }

    /** Where the head's fields go: bytes (HTTP/1.1) or a header map (HTTP/2). */
    private interface FieldSink {
        void field(String name, String value);
    }

    /** The head's fields: the application's, then {@code Date} and {@code Server} if it gave none, then the framing's. */
    private void fields(long appLength, long knownLength, FieldSink sink) {
        boolean hasDate = false;
        boolean hasServer = false;
        for (Header header : state.headers()) {
            String name = header.name();
            if (name.equalsIgnoreCase("Content-Length") && (framing != Framing.CONTENT_LENGTH || state.statusCode() == 204)) {
                continue;
            }
            hasDate |= name.equalsIgnoreCase("Date");
            hasServer |= name.equalsIgnoreCase("Server");
            sink.field(name, header.value());
        }
        // Title-case names, as the application's headers usually are (field names are case-insensitive,
        // RFC 9110 section 5.1, but people read these).
        if (!hasDate) {
            sink.field("Date", DateHeader.now());
        }
        if (!hasServer) {
            sink.field("Server", SERVER_NAME);
        }
        framingFields(appLength, knownLength, sink);
    }

    private void framingFields(long appLength, long knownLength, FieldSink sink) {
        switch (framing) {
            case CONTENT_LENGTH -> {
                if (appLength < 0) {
                    sink.field("Content-Length", Long.toString(knownLength));
                }
            }
            case CHUNKED -> sink.field("Transfer-Encoding", "chunked");
            case CLOSE_DELIMITED -> keepAlive = false;
            case NO_BODY, STREAM -> {
            }
        }
        if (http2) {
            return; // RFC 9113 section 8.2.2: no Connection field; the stream's end ends the response.
        }
        if (!keepAlive) {
            sink.field("Connection", "close");
        } else if (version == HttpVersion.HTTP_1_0) {
            sink.field("Connection", "keep-alive");
        }
    }

    /** The body went past its Content-Length; what was promised was sent and the connection will close. */
    static final class ContentLengthExceededException extends IOException {
        ContentLengthExceededException() {
            super("the body is longer than its Content-Length; truncated and closing the connection");
        }
    }
}
