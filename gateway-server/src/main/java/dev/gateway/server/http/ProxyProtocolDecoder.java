package dev.gateway.server.http;

import dev.gateway.server.config.ProxyProtocol;
import dev.gateway.server.http.BadRequestException.Kind;
import dev.gateway.server.config.AddressRanges;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.CharsetUtil;
import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.UnknownHostException;
import io.netty.util.AttributeKey;
import java.util.List;

/**
 * Reads the PROXY protocol preamble (HAProxy's spec, v1 text and v2 binary) that a load balancer may
 * put before the first request, and keeps the client's address on the connection ({@link #PROXIED}:
 * the handler of every request on it, and of every HTTP/2 stream, reads it there); then it leaves
 * the pipeline. A connection without a preamble passes through untouched. A malformed
 * preamble becomes a failed request (answered 400, as Gunicorn answers InvalidProxyLine), which
 * Netty's {@code HAProxyMessageDecoder} cannot give: it closes the connection without an answer.
 * A preamble from a peer outside {@code proxy_allow_ips} is refused with 403 (Gunicorn's
 * ForbiddenProxyRequest): it would let that peer pick its own {@code REMOTE_ADDR}.
 */
final class ProxyProtocolDecoder extends ByteToMessageDecoder {

    /** The client address a proxy reported; host null for LOCAL or UNSPEC (no address given). */
    record ProxiedAddress(String host, int port) {
    }

    /** Where the connection keeps the address its preamble reported. */
    static final AttributeKey<ProxiedAddress> PROXIED = AttributeKey.valueOf(ProxyProtocolDecoder.class, "proxied");

    private static final byte[] V1_PREFIX = "PROXY ".getBytes(CharsetUtil.US_ASCII);
    private static final byte[] V2_SIGNATURE = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};
    /** The spec's longest v1 line, CRLF included. */
    private static final int V1_MAX_LINE = 107;

    private final boolean v1;
    private final boolean v2;
    private final AddressRanges allowed;
    private boolean failed;

    /**
     * @param mode    which preambles are accepted (not {@code off}: then this reader is not in the pipeline)
     * @param allowed the peers that may send a preamble ({@code proxy_allow_ips})
     */
    ProxyProtocolDecoder(ProxyProtocol mode, AddressRanges allowed) {
        this.v1 = mode.acceptsV1();
        this.v2 = mode.acceptsV2();
        this.allowed = allowed;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        try {
            Object result;
            if (v2 && startsWith(in, V2_SIGNATURE)) {
                result = in.readableBytes() < V2_SIGNATURE.length ? null : decodeV2(checkAllowed(ctx, in));
            } else if (v1 && startsWith(in, V1_PREFIX)) {
                result = in.readableBytes() < V1_PREFIX.length ? null : decodeV1(checkAllowed(ctx, in));
            } else {
                ctx.pipeline().remove(this);
                return;
            }
            if (result instanceof ProxiedAddress address) {
                ctx.channel().attr(PROXIED).set(address);
                ctx.pipeline().remove(this);
            }
        } catch (BadRequestException e) {
            failed = true;
            in.skipBytes(in.readableBytes());
            HttpRequest invalid = new DefaultHttpRequest(HttpVersion.HTTP_1_0, HttpMethod.GET, "/bad-proxy-line");
            invalid.setDecoderResult(DecoderResult.failure(e));
            out.add(invalid);
        }
    }

    /** Lets a whole preamble signature through only from an allowed peer. */
    private ByteBuf checkAllowed(ChannelHandlerContext ctx, ByteBuf in) {
        if (!allowed.contains(ctx.channel().remoteAddress())) {
            throw new BadRequestException(Kind.FORBIDDEN_PROXY_REQUEST, "PROXY preamble from a peer not in proxy_allow_ips");
        }
        return in;
    }

    /** True when the readable bytes are a prefix of {@code prefix} or start with it. */
    private static boolean startsWith(ByteBuf in, byte[] prefix) {
        int n = Math.min(in.readableBytes(), prefix.length);
        for (int i = 0; i < n; i++) {
            if (in.getByte(in.readerIndex() + i) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** {@code PROXY TCP4|TCP6 SRC DST SRCPORT DSTPORT CRLF}; null while incomplete. */
    private static ProxiedAddress decodeV1(ByteBuf in) {
        int end = Math.min(in.writerIndex(), in.readerIndex() + V1_MAX_LINE);
        int lf = in.indexOf(in.readerIndex(), end, HeadSyntax.LF);
        if (lf < 0) {
            if (in.readableBytes() >= V1_MAX_LINE) {
                throw new BadRequestException(Kind.INVALID_PROXY_LINE, "PROXY line too long");
            }
            return null;
        }
        if (in.getByte(lf - 1) != HeadSyntax.CR) {
            throw new BadRequestException(Kind.INVALID_PROXY_LINE, "PROXY line not ended by CRLF");
        }
        String line = HeadSyntax.text(in, in.readerIndex(), lf - 1);
        in.readerIndex(lf + 1);
        String[] parts = line.split(" ", -1);
        if (parts.length != 6) {
            throw new BadRequestException(Kind.INVALID_PROXY_LINE, line);
        }
        boolean tcp4 = parts[1].equals("TCP4");
        if (!tcp4 && !parts[1].equals("TCP6")) {
            throw new BadRequestException(Kind.INVALID_PROXY_LINE, "protocol not supported: " + parts[1]);
        }
        for (int i = 2; i <= 3; i++) {
            boolean valid = tcp4 ? NetUtil.isValidIpV4Address(parts[i]) : NetUtil.isValidIpV6Address(parts[i]);
            if (!valid) {
                throw new BadRequestException(Kind.INVALID_PROXY_LINE, "invalid address: " + parts[i]);
            }
        }
        int sourcePort = port(parts[4]);
        port(parts[5]);
        return new ProxiedAddress(parts[2], sourcePort);
    }

    private static int port(String text) {
        if (text.isEmpty() || text.length() > 5 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new BadRequestException(Kind.INVALID_PROXY_LINE, "invalid port: " + text);
        }
        int port = Integer.parseInt(text);
        if (port > 65535) {
            throw new BadRequestException(Kind.INVALID_PROXY_LINE, "invalid port: " + text);
        }
        return port;
    }

    /** Signature, version/command, family/protocol, length, addresses; null while incomplete. */
    private static ProxiedAddress decodeV2(ByteBuf in) {
        int r = in.readerIndex();
        if (in.readableBytes() < 16) {
            return null;
        }
        int versionCommand = in.getUnsignedByte(r + 12);
        int familyProtocol = in.getUnsignedByte(r + 13);
        int length = in.getUnsignedShort(r + 14);
        if (versionCommand >> 4 != 2 || (versionCommand & 0x0F) > 1) {
            throw new BadRequestException(Kind.INVALID_PROXY_LINE, "unsupported v2 version or command");
        }
        if (in.readableBytes() < 16 + length) {
            return null;
        }
        int family = familyProtocol >> 4;
        boolean local = (versionCommand & 0x0F) == 0;
        ProxiedAddress address;
        if (local || family == 0) {
            address = new ProxiedAddress(null, -1);
        } else {
            if ((familyProtocol & 0x0F) != 1) {
                throw new BadRequestException(Kind.INVALID_PROXY_LINE, "only TCP is supported");
            }
            int addressLength = family == 1 ? 4 : family == 2 ? 16 : -1;
            if (addressLength < 0 || length < 2 * addressLength + 4) {
                throw new BadRequestException(Kind.INVALID_PROXY_LINE, "unsupported or short v2 address");
            }
            byte[] source = ByteBufUtil.getBytes(in, r + 16, addressLength);
            int sourcePort = in.getUnsignedShort(r + 16 + 2 * addressLength);
            address = new ProxiedAddress(hostOf(source), sourcePort);
        }
        in.skipBytes(16 + length);
        return address;
    }

    private static String hostOf(byte[] address) {
        try {
            return InetAddress.getByAddress(address).getHostAddress();
        } catch (UnknownHostException e) {
            throw new BadRequestException(Kind.INVALID_PROXY_LINE, "invalid v2 address");
        }
    }
}
