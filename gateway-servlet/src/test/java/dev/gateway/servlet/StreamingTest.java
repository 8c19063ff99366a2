package dev.gateway.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gateway.spi.Environ;
import dev.gateway.spi.server.EnvironBuilder;
import dev.gateway.spi.server.ResponseState;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * How the body reaches the server: a response that fits the buffer comes back as one chunk with its
 * Content-Length; a larger one, or a flushed one, goes through the write callable as it is made.
 */
class StreamingTest {

    private final List<Integer> writes = new ArrayList<>();
    private final List<Long> committedAtWrite = new ArrayList<>();
    private final ResponseState state = new ResponseState(chunk -> writes.add(chunk.length));

    private Iterable<byte[]> call(ServletApplication app) throws Exception {
        Environ environ = new EnvironBuilder().requestLine("GET", "/", "HTTP/1.1").header("Host", "x").build();
        return app.call(environ, state);
    }

    @Test
    void aSmallResponseIsOneChunkWithItsLength() throws Exception {
        ServletApplication app = ServletApplication.builder().servlet("s", Servlets.text("small"), "/").build();
        Iterable<byte[]> body = call(app);
        assertTrue(body instanceof Collection<?> chunks && chunks.size() == 1);
        assertEquals("5", state.header("Content-Length"));
        assertEquals(List.of(), writes);
    }

    @Test
    void aLargeResponseStreamsBufferByBuffer() throws Exception {
        int total = 1_000_000;
        ServletApplication app = ServletApplication.builder().bufferSize(16_384).servlet("s", Servlets.of((request, response) -> {
            byte[] block = new byte[1000];
            for (int i = 0; i < total / block.length; i++) {
                response.getOutputStream().write(block);
                // The server has the bytes before the servlet is done: never more than a buffer held back.
                committedAtWrite.add((long) writes.stream().mapToInt(Integer::intValue).sum());
            }
        }), "/").build();
        Iterable<byte[]> body = call(app);
        assertEquals(0, ((Collection<?>) body).size());
        assertNull(state.header("Content-Length"));
        assertEquals(total, writes.stream().mapToInt(Integer::intValue).sum());
        assertTrue(writes.stream().allMatch(n -> n <= 16_384), writes.toString());
        for (int i = 0; i < committedAtWrite.size(); i++) {
            assertTrue((i + 1) * 1000L - committedAtWrite.get(i) <= 16_384);
        }
    }

    @Test
    void aLargeSingleWriteGoesStraightThrough() throws Exception {
        ServletApplication app = ServletApplication.builder().servlet("s", Servlets.of((request, response) ->
                response.getOutputStream().write(new byte[100_000])), "/").build();
        call(app);
        assertEquals(List.of(100_000), writes);
    }

    @Test
    void flushCommitsAndSendsWhatIsBuffered() throws Exception {
        ServletApplication app = ServletApplication.builder().servlet("s", Servlets.of((request, response) -> {
            response.getWriter().write("event: 1\n\n");
            response.getWriter().flush();
            assertEquals(List.of(10), writes);
            response.getWriter().write("event: 2\n\n");
        }), "/").build();
        Iterable<byte[]> body = call(app);
        assertEquals(List.of(10, 10), writes);
        assertEquals(0, ((Collection<?>) body).size());
        assertNull(state.header("Content-Length"));
    }
}
