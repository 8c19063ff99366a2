package dev.gateway.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gateway.server.config.Config;
import dev.gateway.server.worker.HttpContexts;
import dev.gateway.spi.Application;
import dev.gateway.spi.Body;
import dev.gateway.spi.Header;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.util.concurrent.MockTicker;
import io.netty.util.concurrent.Ticker;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The connection's phases, driven by hand: an {@link EmbeddedChannel} with the real pipeline, a
 * worker queue the test runs when it chooses, and a clock it moves. So the order of events is the
 * test's, not the scheduler's: a pipelined request must not be read while the one before it is
 * being answered, whatever the test does in between.
 */
class GatewayHandlerTest {

    private static final Duration KEEP_ALIVE = Duration.ofSeconds(2);
    private static final Duration HEADER_TIMEOUT = Duration.ofSeconds(10);
    private static final Pattern STATUS = Pattern.compile("HTTP/1\\.1 (\\d{3}) ");

    /** Answers {@code METHOD PATH BYTES}, after reading the body unless the path is {@code /ignore}. */
    private static final Application ECHO = (environ, start) -> {
        long bytes = environ.pathInfo().equals("/ignore") ? -1 : environ.input().readAllBytes().length;
        start.start("200 OK", List.of(Header.of("Content-Type", "text/plain")));
        return Body.of(environ.requestMethod() + " " + environ.pathInfo() + " " + bytes);
    };

    /** Exchanges handed to "the workers", run only when the test says so. */
    private final ArrayDeque<Runnable> workers = new ArrayDeque<>();
    private EmbeddedChannel channel;
    private MockTicker ticker;

    @AfterEach
    void close() {
        if (channel != null) {
            channel.finishAndReleaseAll();
        }
    }

    @Test
    void aKeepAliveConnectionServesOneRequestAfterAnother() {
        connect(null);
        send(get("/a"));
        assertEquals("GET /a 0", runOneExchange());
        send(get("/b"));
        assertEquals("GET /b 0", runOneExchange());
        assertTrue(channel.isOpen());
    }

    /**
     * A request without a body comes whole, so the handler needs no more input for it; it still
     * keeps a read pending at the socket while the worker answers, or the epoll transport would
     * drop the socket's read interest and set it again for the next request (two epoll_ctl calls).
     */
    @Test
    void aReadStaysPendingAtTheSocketWhileAWorkerAnswers() {
        connect(null);
        int[] socketReads = {0};
        channel.pipeline().addFirst(new ChannelOutboundHandlerAdapter() {
            @Override
            public void read(ChannelHandlerContext ctx) {
                socketReads[0]++;
                ctx.read();
            }
        });
        send(get("/a"));
        assertEquals(1, workers.size());
        assertEquals(1, socketReads[0], "one read reached the socket during the exchange");
        assertEquals("GET /a 0", runOneExchange());
    }

    /**
     * A body is read one piece ahead of the application, so that the socket read and the
     * application's work overlap, and no further: with nobody reading, the handler takes pieces only
     * until more than {@link RequestBodyStream#READ_AHEAD_BYTES} wait (backpressure), and the rest
     * stays where it is until the application reads.
     */
    @Test
    void theBodyIsReadAheadOfTheApplicationOnlyUpToTheMark() {
        connect(null);
        int piece = 10 * 1024;
        int pieces = 30;
        int[] bodyPieces = {0};
        channel.pipeline().addAfter("flow", "count", new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                if (msg instanceof HttpContent && !(msg instanceof HttpRequest)) {
                    bodyPieces[0]++;
                }
                ctx.fireChannelRead(msg);
            }
        });
        send("POST /up HTTP/1.1\r\nHost: h\r\nContent-Length: " + piece * pieces + "\r\n\r\n");
        for (int i = 0; i < pieces; i++) {
            send("x".repeat(piece));
        }
        assertEquals(1, workers.size());
        int ahead = RequestBodyStream.READ_AHEAD_BYTES / piece + 1;
        assertEquals(ahead, bodyPieces[0], "pieces taken before the application read any");
        assertEquals("POST /up " + piece * pieces, runOneExchange());
        assertEquals(pieces, bodyPieces[0]);
    }

    @Test
    void pipelinedRequestsAreReadOnlyOnceTheResponseBeforeThemIsWritten() {
        connect(null);
        send(get("/1") + post("/2", "hello") + get("/3"));
        assertEquals(1, workers.size(), "only the first request is read");
        // Reads from elsewhere (a body stream, anything) do not pass while the first is answered.
        channel.read();
        channel.read();
        assertEquals(1, workers.size());
        assertEquals("", output());
        assertEquals("GET /1 0", runOneExchange());
        assertEquals("POST /2 5", runOneExchange());
        assertEquals("GET /3 0", runOneExchange());
        assertTrue(workers.isEmpty());
    }

    @Test
    void messagesDeliveredUnaskedAreHeldAndServedInOrder() {
        // Without the flow-control handler the decoder hands on every message at once.
        channel = newChannel();
        channel.config().setAutoRead(false);
        channel.pipeline().addLast(new RequestDecoder(RequestLimits.DEFAULTS, HttpContexts.httpRules(Config.defaults())));
        channel.pipeline().addLast(HttpServerInitializer.ENCODER, new HttpResponseEncoder());
        channel.pipeline().addLast(new GatewayHandler(context(null)));
        register();
        send(get("/1") + get("/2") + "GET /3 HTTP/1.1\r\n\r\n");
        assertEquals(1, workers.size());
        assertEquals("GET /1 0", runOneExchange());
        workers.poll().run();
        channel.runPendingTasks();
        String out = output();
        assertTrue(out.startsWith("HTTP/1.1 200 "), out);
        assertTrue(out.contains("GET /2 0HTTP/1.1 400 "), out);
        assertFalse(channel.isOpen());
    }

    @Test
    void aValidRequestIsAnsweredBeforeTheInvalidOneBehindIt() {
        connect(null);
        send(get("/ok") + "GET /no-host HTTP/1.1\r\n\r\n" + get("/never"));
        runWorkers();
        String out = output();
        assertTrue(out.startsWith("HTTP/1.1 200 "), out);
        assertTrue(out.contains("GET /ok 0HTTP/1.1 400 "), out);
        assertFalse(out.contains("/never"), out);
        assertTrue(workers.isEmpty());
        assertFalse(channel.isOpen());
    }

    @Test
    void connectionCloseEndsTheConnectionAfterItsResponse() {
        connect(null);
        send("GET /last HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n" + get("/never"));
        runWorkers();
        String out = output();
        assertTrue(out.contains("Connection: close"), out);
        assertTrue(out.endsWith("GET /last 0"), out);
        assertFalse(channel.isOpen());
    }

    @Test
    void aBodyTheApplicationDidNotReadIsDroppedAndTheNextRequestServed() {
        connect(null);
        send(post("/ignore", "x".repeat(100)) + get("/next"));
        assertEquals("POST /ignore -1", runOneExchange());
        assertEquals("GET /next 0", runOneExchange());
    }

    @Test
    void anUnreadBodyOverTheDrainBudgetEndsTheConnection() {
        connect(null);
        send("POST /ignore HTTP/1.1\r\nHost: h\r\nContent-Length: 3000000\r\n\r\n");
        send("x".repeat(100_000));
        assertEquals("POST /ignore -1", runOneExchange());
        for (int i = 0; i < 12 && channel.isOpen(); i++) {
            send("x".repeat(100_000));
        }
        assertFalse(channel.isOpen());
    }

    @Test
    void theHealthPathIsAnsweredWithoutAWorkerAndTheConnectionStaysUsable() {
        HealthCheck health = new HealthCheck("/-/ready");
        connect(health);
        send(get("/-/ready"));
        assertTrue(workers.isEmpty());
        assertTrue(output().contains("ready"));
        send(get("/after"));
        assertEquals("GET /after 0", runOneExchange());
        health.startDraining();
        send(get("/-/ready"));
        String out = output();
        assertEquals("503", status(out));
        assertTrue(out.contains("Connection: close"), out);
        assertFalse(channel.isOpen());
    }

    @Test
    void aHalfClosedClientStillGetsItsResponseThenTheConnectionCloses() {
        connect(null);
        send(get("/1") + get("/2"));
        channel.pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
        assertTrue(channel.isOpen(), "the request in progress is answered first");
        assertEquals("GET /1 0", runOneExchange());
        assertEquals("GET /2 0", runOneExchange());
        assertFalse(channel.isOpen());
    }

    @Test
    void aHalfCloseBetweenRequestsClosesAtOnce() {
        connect(null);
        channel.pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
        assertFalse(channel.isOpen());
    }

    @Test
    void anIdleConnectionClosesAtTheHeaderTimeoutThenAtTheKeepAliveTimeout() {
        connect(null);
        advance(HEADER_TIMEOUT.minusMillis(1));
        assertTrue(channel.isOpen());
        advance(Duration.ofMillis(2));
        assertFalse(channel.isOpen(), "no head within the header timeout");

        connect(null);
        send(get("/a"));
        advance(HEADER_TIMEOUT.plusSeconds(1));
        assertTrue(channel.isOpen(), "no deadline while a request is served");
        assertEquals("GET /a 0", runOneExchange());
        advance(KEEP_ALIVE.minusMillis(1));
        assertTrue(channel.isOpen());
        advance(Duration.ofMillis(2));
        assertFalse(channel.isOpen(), "idle past the keep-alive timeout");
    }

    @Test
    void aGracefulStopClosesAnIdleConnectionAfterItsGraceAndABusyOneAfterItsResponse() {
        connect(null);
        channel.pipeline().fireUserEventTriggered(CloseWhenIdle.EVENT);
        advance(Duration.ofMillis(CloseWhenIdle.GRACE_MILLIS - 1));
        assertTrue(channel.isOpen(), "a request may still come during the grace");
        advance(Duration.ofMillis(2));
        assertFalse(channel.isOpen());

        // A request that came in the grace is served, and told the connection closes.
        connect(null);
        channel.pipeline().fireUserEventTriggered(CloseWhenIdle.EVENT);
        send(get("/last"));
        workers.poll().run();
        channel.runPendingTasks();
        String out = output();
        assertTrue(out.contains("Connection: close") && out.endsWith("GET /last 0"), out);
        assertFalse(channel.isOpen());

        connect(null);
        send(get("/busy") + get("/never"));
        channel.pipeline().fireUserEventTriggered(CloseWhenIdle.EVENT);
        assertTrue(channel.isOpen());
        assertEquals("GET /busy 0", runOneExchange());
        assertTrue(workers.isEmpty());
        assertFalse(channel.isOpen());
    }

    // ---- the harness -------------------------------------------------------------------------------

    private void connect(HealthCheck health) {
        close();
        channel = newChannel();
        channel.config().setAutoRead(false);
        channel.pipeline().addLast(new HttpServerInitializer(context(health)));
        register();
    }

    /**
     * An unregistered channel on a clock of its own, which moves only when {@link #advance} moves it:
     * the connection's deadlines are set as it becomes active, and a real clock running on between
     * that and a frozen one would move them off the advances by more than their 1 ms margins.
     */
    private EmbeddedChannel newChannel() {
        ticker = Ticker.newMockTicker();
        return EmbeddedChannel.builder().register(false).hasDisconnect(false).ticker(ticker).build();
    }

    private void register() {
        try {
            channel.register();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private HttpServerContext context(HealthCheck health) {
        return new HttpServerContext(ECHO, workers::add,
                new HttpServerContext.Site("http", "", new PrintWriter(Writer.nullWriter()), true, false),
                RequestLimits.DEFAULTS, HttpContexts.httpRules(Config.defaults()),
                new HttpServerContext.Timeouts(KEEP_ALIVE, HEADER_TIMEOUT), null, health, null, 0, Http2Options.OFF);
    }

    private static String get(String path) {
        return "GET " + path + " HTTP/1.1\r\nHost: h\r\n\r\n";
    }

    private static String post(String path, String body) {
        return "POST " + path + " HTTP/1.1\r\nHost: h\r\nContent-Length: " + body.length() + "\r\n\r\n" + body;
    }

    private void send(String latin1) {
        channel.writeInbound(Unpooled.copiedBuffer(latin1, StandardCharsets.ISO_8859_1));
        channel.runPendingTasks();
    }

    /** Runs the one queued exchange and returns its response body. */
    private String runOneExchange() {
        assertEquals(1, workers.size(), "exactly one exchange is running");
        workers.poll().run();
        channel.runPendingTasks();
        String out = output();
        assertEquals("200", status(out), out);
        return out.substring(out.indexOf("\r\n\r\n") + 4);
    }

    private void runWorkers() {
        while (!workers.isEmpty()) {
            workers.poll().run();
            channel.runPendingTasks();
        }
    }

    private void advance(Duration time) {
        ticker.advance(time.toNanos(), TimeUnit.NANOSECONDS);
        channel.runScheduledPendingTasks();
    }

    /** Everything written since the last call, as text. */
    private String output() {
        StringBuilder text = new StringBuilder();
        for (Object out; (out = channel.readOutbound()) != null; ) {
            ByteBuf bytes = (ByteBuf) out;
            text.append(bytes.toString(StandardCharsets.ISO_8859_1));
            bytes.release();
        }
        return text.toString();
    }

    private static String status(String response) {
        Matcher m = STATUS.matcher(response);
        return m.find() ? m.group(1) : "none in: " + response;
    }
}
