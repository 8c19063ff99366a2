package dev.gateway.server.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The request body stream on its own: the bodyless stream's lock-free end, and a reader on another thread. */
class RequestBodyStreamTest {

    @Test
    void aBodylessStreamReadsAsEndedAndReleasesWhatIsOffered() throws IOException {
        RequestBodyStream body = RequestBodyStream.empty(new EmbeddedChannel());
        ByteBuf end = Unpooled.buffer(0);
        body.offer(end);
        body.finish();
        assertEquals(0, end.refCnt());
        assertTrue(body.isFinished());
        assertTrue(body.isFullyConsumed());
        assertFalse(body.neverRead());
        assertEquals(0, body.bytesReceived());
        assertEquals(-1, body.read(new byte[8], 0, 8));
        body.discard();
        assertThrows(IOException.class, () -> body.read(new byte[8], 0, 8));
    }

    @Test
    void discardReleasesWhatNobodyRead() {
        RequestBodyStream body = new RequestBodyStream(new EmbeddedChannel(), null);
        ByteBuf first = Unpooled.copiedBuffer(new byte[] {1, 2, 3});
        ByteBuf second = Unpooled.copiedBuffer(new byte[] {4});
        body.offer(first);
        body.offer(second);
        assertFalse(body.isFinished());
        assertEquals(4, body.bytesReceived());
        body.discard();
        assertEquals(0, first.refCnt());
        assertEquals(0, second.refCnt());
        assertThrows(IOException.class, () -> body.read(new byte[8], 0, 8));
    }

    /**
     * The event loop reads the next piece at once while at most {@link RequestBodyStream#READ_AHEAD_BYTES}
     * wait unread; past that it stops, and the reader asks for more once it took a piece and what
     * waits fell to the mark again, once per outstanding read.
     */
    @Test
    void piecesAreReadAheadUpToTheMarkThenAsTheReaderCatchesUp() throws IOException {
        int[] reads = {0};
        EmbeddedChannel channel = new EmbeddedChannel(new ChannelOutboundHandlerAdapter() {
            @Override
            public void read(ChannelHandlerContext ctx) {
                reads[0]++;
            }
        });
        reads[0] = 0; // the embedded channel's own read when it became active
        RequestBodyStream body = new RequestBodyStream(channel, null);
        int half = RequestBodyStream.READ_AHEAD_BYTES / 2;
        assertTrue(body.offer(Unpooled.buffer(half).writeZero(half)), "below the mark: read on");
        assertTrue(body.offer(Unpooled.buffer(half).writeZero(half)), "at the mark: read on");
        assertFalse(body.offer(Unpooled.buffer(half).writeZero(half)), "past the mark: stop");
        assertEquals(0, reads[0], "the event loop asks for what offer() told it to; the stream itself did not");

        byte[] buffer = new byte[half];
        assertEquals(half, body.read(buffer, 0, half));
        assertEquals(1, reads[0], "taking the first piece left the mark's worth waiting: the next is asked for");
        assertEquals(half, body.read(buffer, 0, half));
        assertEquals(1, reads[0], "one read outstanding at most");
        assertTrue(body.offer(Unpooled.buffer(half).writeZero(half)), "the answer to that read, with room left");
        body.finish();
        for (int i = 0; i < 2; i++) {
            assertEquals(half, body.read(buffer, 0, half));
        }
        assertEquals(-1, body.read(buffer, 0, half));
        assertEquals(1, reads[0], "nothing is asked for once the body ended");
        body.discard();
    }

    @Test
    void aReaderOnAnotherThreadGetsEveryByteInOrderWhileTheCountsAreRead() throws Exception {
        long seed = System.nanoTime();
        System.out.println("RequestBodyStreamTest seed " + seed);
        Random random = new Random(seed);
        byte[] sent = new byte[200_000];
        random.nextBytes(sent);
        EmbeddedChannel channel = new EmbeddedChannel();
        RequestBodyStream body = new RequestBodyStream(channel, null);
        int bufferSize = random.nextInt(1, 4096);
        CompletableFuture<byte[]> read = CompletableFuture.supplyAsync(() -> readAll(body, bufferSize));
        List<Long> counts = new ArrayList<>();
        for (int at = 0; at < sent.length; ) {
            int n = Math.min(sent.length - at, random.nextInt(1, 8192));
            body.offer(Unpooled.copiedBuffer(sent, at, n));
            at += n;
            counts.add(body.bytesReceived());
        }
        body.finish();
        assertArrayEquals(sent, read.get(10, TimeUnit.SECONDS), "seed " + seed);
        assertEquals(sent.length, body.bytesReceived());
        assertTrue(body.isFinished());
        assertTrue(body.isFullyConsumed());
        for (int i = 1; i < counts.size(); i++) {
            assertTrue(counts.get(i) > counts.get(i - 1));
        }
        body.discard();
    }

    private static byte[] readAll(RequestBodyStream body, int bufferSize) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[bufferSize];
            int n;
            while ((n = body.read(buffer, 0, buffer.length)) >= 0) {
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
