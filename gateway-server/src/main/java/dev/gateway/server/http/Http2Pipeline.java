package dev.gateway.server.http;

import dev.gateway.server.config.LoggerNames;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.codec.http2.DefaultHttp2Connection;
import io.netty.handler.codec.http2.DefaultHttp2RemoteFlowController;
import io.netty.handler.codec.http2.DefaultHttp2WindowUpdateFrame;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2Connection;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.UniformStreamByteDistributor;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;
import org.slf4j.LoggerFactory;

/**
 * The handlers of an HTTP/2 connection: Netty's frame codec with the server's settings and its
 * guards against the known abuses, and a multiplexer that gives each stream a child channel wired by
 * {@link Http2StreamInitializer}, where one {@link Http2StreamHandler} serves the stream from its frames.
 */
final class Http2Pipeline {

    /** RFC 9113 section 8.1: resets a client may send per window before the connection is ended (rapid reset, CVE-2023-44487). */
    private static final int MAX_RESETS = 200;
    private static final int RESET_WINDOW_SECONDS = 30;
    /** Control frames (SETTINGS and PING acks, resets) queued for a client that does not read them: a flood. */
    private static final int MAX_QUEUED_CONTROL_FRAMES = 10_000;
    /** Small CONTINUATION frames in a row before the connection is ended (CONTINUATION flood, CVE-2024-27316 class). */
    private static final int MAX_SMALL_CONTINUATIONS = 16;
    /**
     * The connection's socket queue: the flow controller writes DATA only while the channel is writable,
     * at most up to the high mark per turn of the event loop. Netty's default of 64 KiB gave one
     * 1 MiB download sixteen turns; 1 MiB lets the loop fill the socket in one, and bounds what a
     * connection holds beyond its streams' own queues.
     */
    private static final WriteBufferWaterMark SOCKET_QUEUE = new WriteBufferWaterMark(512 * 1024, 1024 * 1024);

    private Http2Pipeline() {
    }

    /**
     * Replaces nothing: adds the HTTP/2 handlers at the end of {@code pipeline}, whose channel is
     * active (the server's preface goes out at once); returns the codec.
     */
    static Http2FrameCodec install(ChannelPipeline pipeline, HttpServerContext context) {
        Http2Options options = context.http2();
        Http2FrameCodec codec = new ServerCodecBuilder(connection())
                .initialSettings(Http2Settings.defaultSettings()
                        .maxConcurrentStreams(options.maxConcurrentStreams())
                        .initialWindowSize(options.initialWindowSize())
                        .maxFrameSize(options.maxFrameSize())
                        .maxHeaderListSize(options.maxHeaderListSize()))
                .validateHeaders(true)
                .gracefulShutdownTimeoutMillis(options.gracefulStopMillis())
                .decoderEnforceMaxRstFramesPerWindow(MAX_RESETS, RESET_WINDOW_SECONDS)
                .encoderEnforceMaxQueuedControlFrames(MAX_QUEUED_CONTROL_FRAMES)
                .decoderEnforceMaxSmallContinuationFrames(MAX_SMALL_CONTINUATIONS)
                .build();
        // Reads only: a connection with an open stream is never closed as idle (GracefulStop), so writes
        // need not be watched, and watching them put a listener on the promise of every frame written
        // (64 per MiB downloaded). A connection without streams closes between one and two keep-alive
        // periods after the last frame it received.
        pipeline.addLast("h2-idle", new IdleStateHandler(Math.max(1, context.timeouts().keepAlive().toSeconds()), 0, 0, TimeUnit.SECONDS));
        // Responses are written from worker threads, each as its own event-loop task ending in a flush:
        // one write(2) per response. Flushes outside a read are consolidated into one per turn of the loop.
        pipeline.addLast("h2-flush", new FlushConsolidationHandler(FlushConsolidationHandler.DEFAULT_EXPLICIT_FLUSH_AFTER_FLUSHES, true));
        pipeline.addLast("h2", codec);
        pipeline.addLast("h2-streams", new Http2MultiplexHandler(new Http2StreamInitializer(context)));
        pipeline.addLast("h2-stop", new GracefulStop(codec));
        pipeline.channel().writeAndFlush(new DefaultHttp2WindowUpdateFrame(connectionWindowIncrement(options)));
        // Streams have their own flow control: the connection reads on, and each stream's child channel
        // reads only what its application asks for (its window opens as the body is consumed).
        pipeline.channel().config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, false);
        pipeline.channel().config().setWriteBufferWaterMark(SOCKET_QUEUE);
        pipeline.channel().config().setAutoRead(true);
        return codec;
    }

    /**
     * The connection's state, whose flow controller hands the connection's window to ready streams in
     * equal shares of at least one frame of the default size (16 KiB, RFC 9113 section 4.2). Equal
     * shares, because RFC 9113 section 5.3.2 deprecates the priority signals a weighted distributor
     * would follow, and weighing costs a priority queue per write; at least a frame, because Netty's
     * default 1 KiB cuts every response into 1 KiB DATA frames when many streams download at once,
     * each with its own promises and listeners (five times Jetty's CPU per MiB sent).
     */
    private static Http2Connection connection() {
        Http2Connection connection = new DefaultHttp2Connection(true);
        UniformStreamByteDistributor distributor = new UniformStreamByteDistributor(connection);
        distributor.minAllocationChunk(Http2CodecUtil.DEFAULT_MAX_FRAME_SIZE);
        connection.remote().flowController(new DefaultHttp2RemoteFlowController(connection, distributor));
        return connection;
    }

    /** Netty's server codec builder over a connection made here (the builder takes one only from a subclass). */
    private static final class ServerCodecBuilder extends Http2FrameCodecBuilder {
        ServerCodecBuilder(Http2Connection connection) {
            connection(connection); // a server's: DefaultHttp2Connection(true)
        }
    }

    /**
     * Opens the connection's window (RFC 9113 section 6.9.1: it starts at 65,535 bytes, for all its
     * streams together) to the sum of its streams' windows. A stream's body is taken off the window
     * only as its application reads it; with the default, the bodies of streams still waiting for a
     * worker would use up the whole connection window, and the streams that run would wait for
     * bytes that could never come. The memory this allows is bounded by streams x window.
     */
    private static int connectionWindowIncrement(Http2Options options) {
        long total = (long) options.maxConcurrentStreams() * options.initialWindowSize();
        return (int) Math.max(0, Math.min(Integer.MAX_VALUE, total) - Http2CodecUtil.DEFAULT_WINDOW_SIZE);
    }

    /**
     * Ends the connection gracefully on a server stop ({@link CloseWhenIdle}), and when it has had no
     * stream and no traffic for the keep-alive timeout (an idle HTTP/1.1 connection closes then too).
     * Closing the codec sends GOAWAY with the last stream id and lets open streams finish within the
     * graceful timeout (RFC 9113 section 6.8).
     */
    private static final class GracefulStop extends ChannelInboundHandlerAdapter {

        private final Http2FrameCodec codec;

        GracefulStop(Http2FrameCodec codec) {
            this.codec = codec;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
            if (event == CloseWhenIdle.EVENT) {
                ctx.channel().close();
            } else if (event instanceof IdleStateEvent) {
                if (codec.connection().numActiveStreams() == 0) {
                    ctx.channel().close();
                }
            } else {
                super.userEventTriggered(ctx, event);
            }
        }

        /**
         * What the codec hands on: a protocol error or an abuse limit it answers itself (GOAWAY with
         * the RFC's code, then the close; closing here first would send NO_ERROR instead), or the
         * connection failing under it. The client's doing, logged at debug level like HTTP/1.1's.
         */
        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LoggerFactory.getLogger(LoggerNames.ERROR).debug("HTTP/2 connection error from {}: {}",
                    ctx.channel().remoteAddress(), cause.toString());
            if (!(cause instanceof Http2Exception)) {
                ctx.close();
            }
        }
    }
}
