package dev.gateway.server.http;

import dev.gateway.server.http.BadRequestException.Kind;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpHeadersFactory;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.List;
import java.util.Set;

/**
 * Turns request bytes into Netty's {@link HttpRequest}, {@link io.netty.handler.codec.http.HttpContent}
 * and {@link LastHttpContent}, with Gunicorn's strictness and limits, whatever the chunking of the
 * input. A request without a body comes out whole, as one
 * {@link io.netty.handler.codec.http.FullHttpRequest} (head and empty end in one message). Netty's
 * own decoder folds obsolete line folding, accepts {@code _} in names, has no per-field limit and is
 * lenient with chunk sizes; those rules need the raw lines, so this decoder reads them.
 *
 * <p>A request it refuses comes out as a message whose {@link DecoderResult} failed with a
 * {@link BadRequestException} (status and reason), and nothing is decoded from the connection after
 * that: the position in the stream is unknown, so no request can be smuggled behind a bad one.
 * Lines end with CRLF only; a bare CR or LF is a byte of the line, which the rules then refuse.
 */
final class RequestDecoder extends ByteToMessageDecoder {

    /** The largest body piece handed on at once. */
    private static final int MAX_CONTENT_PIECE = 64 * 1024;
    /** The longest read that starts a head and is copied to the heap (see cumulate). */
    private static final int HEAD_COPY_LIMIT = 16 * 1024;
    /** A chunk-size line with its extensions; longer ones are refused. */
    private static final int MAX_CHUNK_LINE = 4096;
    /** We validated every name ourselves; Netty need not do it again. */
    private static final HttpHeadersFactory HEADERS = DefaultHttpHeadersFactory.headersFactory().withValidation(false);
    /**
     * RFC 9110 section 6.5.1: trailers must not carry framing or routing fields; a recipient that
     * merged them could be fooled.
     */
    private static final Set<String> FORBIDDEN_TRAILERS = Set.of("content-length", "transfer-encoding", "host", "trailer");

    private enum State { REQUEST_LINE, HEADERS, FIXED_BODY, CHUNK_SIZE, CHUNK_DATA, CHUNK_END, TRAILERS, BROKEN }

    private final RequestLimits limits;
    private final HttpRules rules;
    private State state = State.REQUEST_LINE;
    /** Bytes from the reader index already searched for a CRLF, so a slow line is not rescanned. */
    private int searched;
    private HeadSyntax.RequestLine requestLine;
    private HttpHeaders fields;
    private int fieldCount;
    private long headBytes;
    /** The field last read, kept until the next line shows whether it continues (obs-fold). */
    private String pendingName;
    private String pendingValue;
    private int pendingLength;
    private long remaining;

    /** Whether the peer may send {@code forwarder_headers} (a trusted proxy); decided at the first bytes. */
    private boolean forwarderPeer;
    private boolean peerChecked;

    RequestDecoder(RequestLimits limits, HttpRules rules) {
        this.limits = limits;
        this.rules = rules;
        setCumulator(this::cumulate);
    }

    /**
     * As Netty's merging cumulator, except that a read that starts a head in a direct buffer is first
     * copied to a heap buffer, in one bulk copy. The head rules look at every byte, and on JDK 24 and
     * later, where Netty does not use {@code sun.misc.Unsafe}, each byte read from a direct buffer
     * goes through ByteBuffer's bounds and session checks. Reads of body bytes, and reads longer than
     * {@link #HEAD_COPY_LIMIT}, are left where they are.
     */
    private ByteBuf cumulate(ByteBufAllocator alloc, ByteBuf cumulation, ByteBuf in) {
        boolean head = state == State.REQUEST_LINE || state == State.HEADERS;
        if (!head || in.hasArray() || cumulation.isReadable() || in.readableBytes() > HEAD_COPY_LIMIT) {
            return MERGE_CUMULATOR.cumulate(alloc, cumulation, in);
        }
        cumulation.release();
        try {
            // A plain array, not the pool's: it is young garbage by the end of the exchange, and needs
            // no trip through the pool's magazines.
            byte[] bytes = new byte[in.readableBytes()];
            in.readBytes(bytes);
            return Unpooled.wrappedBuffer(bytes);
        } finally {
            in.release();
        }
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (!peerChecked) {
            peerChecked = true;
            forwarderPeer = !rules.forwarderHeaders().isEmpty() && rules.forwardedAllowIps().contains(ctx.channel().remoteAddress());
        }
        try {
            while (in.isReadable() && step(in, out)) {
                // each step consumed something; go on while bytes remain
            }
        } catch (BadRequestException e) {
            fail(e, out);
            in.skipBytes(in.readableBytes());
        }
    }

    @Override
    protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        decode(ctx, in, out);
        // The input ended. Inside a body, the body is cut short: its reader must fail. Inside a head
        // nothing is answered, as Gunicorn does (NoMoreData: the client left).
        if (state == State.FIXED_BODY || state == State.CHUNK_SIZE || state == State.CHUNK_DATA
                || state == State.CHUNK_END || state == State.TRAILERS) {
            fail(new BadRequestException(state == State.CHUNK_SIZE || state == State.TRAILERS
                    ? Kind.CHUNK_MISSING_TERMINATOR : Kind.NO_MORE_DATA, "the input ended inside the body"), out);
        }
    }

    /** Makes one step of progress; returns false when more bytes are needed. */
    private boolean step(ByteBuf in, List<Object> out) {
        return switch (state) {
            case REQUEST_LINE -> readRequestLine(in);
            case HEADERS, TRAILERS -> readFieldLine(in, out);
            case FIXED_BODY -> readFixed(in, out);
            case CHUNK_SIZE -> readChunkSize(in);
            case CHUNK_DATA -> readChunkData(in, out);
            case CHUNK_END -> readChunkEnd(in);
            case BROKEN -> {
                in.skipBytes(in.readableBytes());
                yield false;
            }
        };
    }

    // ---- head ------------------------------------------------------------------------------------

    private boolean readRequestLine(ByteBuf in) {
        // RFC 9112 section 2.2: empty lines before a request line are ignored.
        if (in.getByte(in.readerIndex()) == HeadSyntax.CR) {
            if (in.readableBytes() < 2) {
                return false;
            }
            if (in.getByte(in.readerIndex() + 1) == HeadSyntax.LF) {
                in.skipBytes(2);
                return true;
            }
        }
        int lf = findLineEnd(in);
        int limit = limits.maxRequestLine();
        if (lf < 0) {
            if (partialLineLength(in) > limit) {
                throw new BadRequestException(Kind.LIMIT_REQUEST_LINE, "request line longer than " + limit);
            }
            return false;
        }
        int start = in.readerIndex();
        int end = lf - 1;
        if (end - start > limit) {
            throw new BadRequestException(Kind.LIMIT_REQUEST_LINE, "request line longer than " + limit);
        }
        requestLine = HeadSyntax.requestLine(in, start, end, rules);
        consumeLine(in, lf);
        startFields();
        state = State.HEADERS;
        return true;
    }

    private void startFields() {
        fields = HEADERS.newHeaders();
        fieldCount = 0;
        headBytes = 0;
        pendingName = null;
    }

    /** One header (or trailer) line, or the empty line that ends the section. */
    private boolean readFieldLine(ByteBuf in, List<Object> out) {
        int lf = findLineEnd(in);
        int fieldLimit = limits.maxFieldSize();
        if (lf < 0) {
            long partial = partialLineLength(in) + 2;
            if (isContinuation(in) && pendingName != null) {
                partial += pendingLength;
            }
            if (partial > fieldLimit) {
                throw new BadRequestException(Kind.LIMIT_REQUEST_HEADERS, "header field longer than " + fieldLimit);
            }
            if (headBytes + in.readableBytes() > limits.maxHeaderBytes()) {
                throw new BadRequestException(Kind.LIMIT_REQUEST_HEADERS, "header section too large");
            }
            return false;
        }
        int start = in.readerIndex();
        int end = lf - 1;
        int lineLength = end - start + 2;
        headBytes += lineLength;
        if (headBytes > limits.maxHeaderBytes()) {
            throw new BadRequestException(Kind.LIMIT_REQUEST_HEADERS, "header section too large");
        }
        if (end == start) {
            consumeLine(in, lf);
            commitPending();
            endOfFields(out);
            return true;
        }
        if (HeadSyntax.isWhitespace(in.getByte(start)) && pendingName != null) {
            continueField(in, start, end, lineLength);
        } else {
            commitPending();
            startField(in, start, end, lineLength);
        }
        consumeLine(in, lf);
        return true;
    }

    private boolean isContinuation(ByteBuf in) {
        return HeadSyntax.isWhitespace(in.getByte(in.readerIndex()));
    }

    private void startField(ByteBuf in, int start, int end, int lineLength) {
        if (fieldCount >= limits.maxFields()) {
            throw new BadRequestException(Kind.LIMIT_REQUEST_HEADERS, "more than " + limits.maxFields() + " header fields");
        }
        if (lineLength > limits.maxFieldSize()) {
            throw new BadRequestException(Kind.LIMIT_REQUEST_HEADERS, "header field longer than " + limits.maxFieldSize());
        }
        int colon = in.indexOf(start, end, (byte) ':');
        if (colon <= start) {
            throw new BadRequestException(Kind.INVALID_HEADER, "no field name and colon: " + HeadSyntax.text(in, start, end));
        }
        pendingName = HeadSyntax.fieldName(in, start, colon, rules);
        pendingValue = HeadSyntax.fieldValue(in, colon + 1, end, pendingName);
        pendingLength = lineLength;
    }

    /**
     * RFC 9112 section 5.2: a line starting with whitespace continues the previous field (obs-fold).
     * A server must either refuse it with 400 or replace the fold with a space; which one is
     * {@code permit_obsolete_folding}.
     */
    private void continueField(ByteBuf in, int start, int end, int lineLength) {
        if (!rules.permitObsoleteFolding()) {
            throw new BadRequestException(Kind.OBSOLETE_FOLDING, "obsolete line folding in " + pendingName);
        }
        pendingLength += lineLength;
        if (pendingLength > limits.maxFieldSize()) {
            throw new BadRequestException(Kind.LIMIT_REQUEST_HEADERS, "header field longer than " + limits.maxFieldSize());
        }
        pendingValue = pendingValue + " " + HeadSyntax.fieldValue(in, start, end, pendingName);
    }

    private void commitPending() {
        if (pendingName == null) {
            return;
        }
        String name = pendingName;
        pendingName = null;
        if (state == State.TRAILERS && FORBIDDEN_TRAILERS.contains(name.toLowerCase(java.util.Locale.ROOT))) {
            throw new BadRequestException(Kind.INVALID_HEADER_NAME, "field not allowed in trailers: " + name);
        }
        if (name.indexOf('_') >= 0 && !(forwarderPeer && rules.isForwarderHeader(name))) {
            // X_Forwarded_For would become the same environ key as X-Forwarded-For (header_map); only
            // a trusted proxy may send the names of forwarder_headers (SCRIPT_NAME), as in Gunicorn.
            switch (rules.headerMap()) {
                case DROP -> {
                    return;
                }
                case REFUSE -> throw new BadRequestException(Kind.INVALID_HEADER_NAME, "underscore in " + name);
                case DANGEROUS -> {
                }
            }
        }
        fields.add(name, pendingValue);
        fieldCount++;
    }

    private void endOfFields(List<Object> out) {
        if (state == State.TRAILERS) {
            DefaultLastHttpContent last = new DefaultLastHttpContent(Unpooled.EMPTY_BUFFER, fields);
            fields = null;
            state = State.REQUEST_LINE;
            out.add(last);
            return;
        }
        long length;
        try {
            length = BodyFraming.of(fields, requestLine.version());
        } catch (BadRequestException e) {
            HttpRequest request = new DefaultHttpRequest(requestLine.version(), requestLine.method(), requestLine.target(), fields);
            request.setDecoderResult(DecoderResult.failure(e));
            out.add(request);
            state = State.BROKEN;
            return;
        }
        if (length == 0) {
            // A request without a body is one message, its head and its (empty) end together: the
            // handler needs no second read for the end, and the flow-control handler queues nothing.
            out.add(new DefaultFullHttpRequest(requestLine.version(), requestLine.method(), requestLine.target(),
                    Unpooled.EMPTY_BUFFER, fields, EmptyHttpHeaders.INSTANCE));
            state = State.REQUEST_LINE;
        } else {
            out.add(new DefaultHttpRequest(requestLine.version(), requestLine.method(), requestLine.target(), fields));
            if (length == BodyFraming.CHUNKED) {
                state = State.CHUNK_SIZE;
            } else {
                remaining = length;
                state = State.FIXED_BODY;
            }
        }
        requestLine = null;
        fields = null;
    }

    // ---- body ------------------------------------------------------------------------------------

    private boolean readFixed(ByteBuf in, List<Object> out) {
        int n = (int) Math.min(Math.min(remaining, in.readableBytes()), MAX_CONTENT_PIECE);
        remaining -= n;
        if (remaining == 0) {
            out.add(new DefaultLastHttpContent(in.readRetainedSlice(n)));
            state = State.REQUEST_LINE;
        } else {
            out.add(new DefaultHttpContent(in.readRetainedSlice(n)));
        }
        return true;
    }

    /**
     * RFC 9112 section 7.1: {@code chunk-size [chunk-ext] CRLF}, the size in hex digits only (no sign,
     * no spaces, no underscore); whitespace may follow it only before a {@code ;} (BWS, section
     * 7.1.1), and the extensions must match section 7.1.1 exactly ({@link ChunkExtension}), which
     * leaves no room for a control character.
     */
    private boolean readChunkSize(ByteBuf in) {
        int lf = findLineEnd(in);
        if (lf < 0) {
            if (in.readableBytes() > MAX_CHUNK_LINE) {
                throw new BadRequestException(Kind.INVALID_CHUNK_SIZE, "chunk-size line too long");
            }
            return false;
        }
        int start = in.readerIndex();
        int end = lf - 1;
        int sizeEnd = chunkSizeEnd(in, start, end);
        long size = hexSize(in, start, sizeEnd);
        ChunkExtension.check(in, sizeEnd, end);
        consumeLine(in, lf);
        if (size == 0) {
            startFields();
            state = State.TRAILERS;
        } else {
            remaining = size;
            state = State.CHUNK_DATA;
        }
        return true;
    }

    /**
     * Where the chunk size ends: before the first {@code ;} and the BWS ahead of it, else at the end
     * of the line. A {@code ;} inside a quoted extension value comes after the first one, so the
     * first is always the start of the extensions.
     */
    private static int chunkSizeEnd(ByteBuf in, int start, int end) {
        int semicolon = in.indexOf(start, end, (byte) ';');
        if (semicolon < 0) {
            return end;
        }
        int sizeEnd = semicolon;
        while (sizeEnd > start && HeadSyntax.isWhitespace(in.getByte(sizeEnd - 1))) {
            sizeEnd--;
        }
        return sizeEnd;
    }

    private static long hexSize(ByteBuf in, int start, int end) {
        if (start == end) {
            throw new BadRequestException(Kind.INVALID_CHUNK_SIZE, "empty chunk size");
        }
        long size = 0;
        for (int i = start; i < end; i++) {
            int digit = Character.digit(in.getByte(i) & 0xFF, 16);
            if (digit < 0 || in.getByte(i) < 0) {
                throw new BadRequestException(Kind.INVALID_CHUNK_SIZE, "not a hex chunk size: " + HeadSyntax.text(in, start, end));
            }
            if (size > (Long.MAX_VALUE >> 4)) {
                throw new BadRequestException(Kind.INVALID_CHUNK_SIZE, "chunk size too large");
            }
            size = size << 4 | digit;
        }
        return size;
    }

    private boolean readChunkData(ByteBuf in, List<Object> out) {
        int n = (int) Math.min(Math.min(remaining, in.readableBytes()), MAX_CONTENT_PIECE);
        remaining -= n;
        out.add(new DefaultHttpContent(in.readRetainedSlice(n)));
        if (remaining == 0) {
            state = State.CHUNK_END;
        }
        return true;
    }

    /** RFC 9112 section 7.1: chunk data is followed by CRLF. */
    private boolean readChunkEnd(ByteBuf in) {
        int r = in.readerIndex();
        if (in.getByte(r) != HeadSyntax.CR) {
            throw new BadRequestException(Kind.CHUNK_MISSING_TERMINATOR, "chunk data not followed by CRLF");
        }
        if (in.readableBytes() < 2) {
            return false;
        }
        if (in.getByte(r + 1) != HeadSyntax.LF) {
            throw new BadRequestException(Kind.CHUNK_MISSING_TERMINATOR, "chunk data not followed by CRLF");
        }
        in.skipBytes(2);
        state = State.CHUNK_SIZE;
        return true;
    }

    // ---- lines and failures ----------------------------------------------------------------------

    /** The index of the LF of the first CRLF after the reader index, or -1. */
    private int findLineEnd(ByteBuf in) {
        int start = in.readerIndex();
        int end = in.writerIndex();
        int from = start + Math.max(0, searched - 1);
        while (true) {
            int lf = in.indexOf(from, end, HeadSyntax.LF);
            if (lf < 0) {
                searched = end - start;
                return -1;
            }
            if (lf > start && in.getByte(lf - 1) == HeadSyntax.CR) {
                return lf;
            }
            from = lf + 1;
        }
    }

    /** The length of an unfinished line, not counting a CR that may begin its CRLF. */
    private static int partialLineLength(ByteBuf in) {
        int n = in.readableBytes();
        return n > 0 && in.getByte(in.writerIndex() - 1) == HeadSyntax.CR ? n - 1 : n;
    }

    private void consumeLine(ByteBuf in, int lf) {
        in.readerIndex(lf + 1);
        searched = 0;
    }

    /** Hands on the failure in a message and stops decoding this connection. */
    private void fail(BadRequestException e, List<Object> out) {
        boolean inHead = state == State.REQUEST_LINE || state == State.HEADERS;
        state = State.BROKEN;
        if (inHead) {
            HttpRequest invalid = requestLine == null
                    ? new DefaultHttpRequest(HttpVersion.HTTP_1_0, HttpMethod.GET, "/bad-request")
                    : new DefaultHttpRequest(requestLine.version(), requestLine.method(), requestLine.target());
            invalid.setDecoderResult(DecoderResult.failure(e));
            out.add(invalid);
        } else {
            LastHttpContent last = new DefaultLastHttpContent();
            last.setDecoderResult(DecoderResult.failure(e));
            out.add(last);
        }
    }
}
