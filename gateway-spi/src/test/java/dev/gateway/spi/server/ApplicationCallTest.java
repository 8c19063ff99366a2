package dev.gateway.spi.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gateway.spi.Application;
import dev.gateway.spi.Body;
import dev.gateway.spi.Environ;
import dev.gateway.spi.Header;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The one call loop of the in-process hosts: chunks in order, the head checked, close() always once. */
class ApplicationCallTest {

    /** Records what the host was handed. */
    private static final class Recorder implements ApplicationCall.Sink {
        final List<String> events = new ArrayList<>();
        int stopAfter = Integer.MAX_VALUE;
        boolean takeWhole;

        @Override
        public boolean sendWhole(Iterable<byte[]> body) {
            if (takeWhole) {
                events.add("whole");
            }
            return takeWhole;
        }

        @Override
        public boolean chunk(byte[] chunk) {
            events.add(new String(chunk));
            return events.size() < stopAfter;
        }

        @Override
        public void end() {
            events.add("end");
        }
    }

    private final AtomicInteger closes = new AtomicInteger();
    private final Recorder sink = new Recorder();
    private final ResponseState state = new ResponseState(data -> { });

    private Application app(Iterable<byte[]> chunks) {
        return (environ, start) -> {
            start.start("200 OK", List.of(Header.of("Content-Type", "text/plain")));
            return Body.onClose(chunks, closes::incrementAndGet);
        };
    }

    private static Iterable<byte[]> lazy(String... chunks) {
        List<byte[]> list = new ArrayList<>();
        for (String chunk : chunks) {
            list.add(chunk.getBytes());
        }
        return list::iterator;
    }

    @Test
    void nonEmptyChunksInOrderThenTheEndThenOneClose() throws Exception {
        ApplicationCall.run(app(lazy("a", "", "b")), new Environ(), state, sink);
        assertEquals(List.of("a", "b", "end"), sink.events);
        assertEquals(1, closes.get());
    }

    @Test
    void theHostMayStopTheIteration() throws Exception {
        sink.stopAfter = 1;
        ApplicationCall.run(app(lazy("a", "b", "c")), new Environ(), state, sink);
        assertEquals(List.of("a", "end"), sink.events);
        assertEquals(1, closes.get());
    }

    @Test
    void aWholeBodyIsNotIteratedButClosed() throws Exception {
        sink.takeWhole = true;
        ApplicationCall.run(app(lazy("a")), new Environ(), state, sink);
        assertEquals(List.of("whole"), sink.events);
        assertEquals(1, closes.get());
    }

    @Test
    void aFailingIteratorStillClosesOnce() {
        Iterable<byte[]> failing = () -> new Iterator<>() {
            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public byte[] next() {
                throw new IllegalStateException("broken");
            }
        };
        assertEquals("broken", assertThrows(IllegalStateException.class,
                () -> ApplicationCall.run(app(failing), new Environ(), state, sink)).getMessage());
        assertEquals(1, closes.get());
        assertEquals(List.of(), sink.events);
    }

    @Test
    void aFailingCloseIsThrownOrSuppressed() {
        Application closeFails = (environ, start) -> {
            start.start("200 OK", List.of());
            return Body.onClose(List.of(), () -> {
                throw new IllegalStateException("close failed");
            });
        };
        assertEquals("close failed", assertThrows(IllegalStateException.class,
                () -> ApplicationCall.run(closeFails, new Environ(), state, sink)).getMessage());
        Application both = (environ, start) -> Body.onClose(lazy("x"), () -> {
            throw new IllegalStateException("close failed");
        });
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> ApplicationCall.run(both, new Environ(), new ResponseState(data -> { }), new Recorder()));
        assertEquals("the application returned a body without calling start()", e.getMessage());
        assertEquals("close failed", e.getSuppressed()[0].getMessage());
    }

    @Test
    void aNullBodyOrChunkIsRefused() {
        assertThrows(IllegalStateException.class, () -> ApplicationCall.run((e, s) -> null, new Environ(), state, sink));
        List<byte[]> nullChunk = new ArrayList<>();
        nullChunk.add(null);
        assertThrows(IllegalArgumentException.class, () -> ApplicationCall.run(app(nullChunk), new Environ(), state, sink));
        assertEquals(1, closes.get());
    }

    @Test
    void contentLengthOfTheApplication() {
        state.start("200 OK", List.of(Header.of("Content-Length", " 12 ")));
        assertEquals(12, state.contentLength());
        ResponseState none = new ResponseState(data -> { });
        none.start("200 OK", List.of());
        assertEquals(-1, none.contentLength());
        for (List<Header> bad : List.of(List.of(Header.of("Content-Length", "1x")), List.of(Header.of("Content-Length", "")),
                List.of(Header.of("content-length", "1"), Header.of("Content-Length", "1")))) {
            ResponseState invalid = new ResponseState(data -> { });
            invalid.start("200 OK", bad);
            assertThrows(IllegalStateException.class, invalid::contentLength);
        }
        assertFalse(none.headersSent());
        assertTrue(none.started());
        assertSame(null, new ResponseState(data -> { }).status());
    }
}
