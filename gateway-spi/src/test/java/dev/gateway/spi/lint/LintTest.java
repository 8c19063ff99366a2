package dev.gateway.spi.lint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gateway.spi.Application;
import dev.gateway.spi.Body;
import dev.gateway.spi.Environ;
import dev.gateway.spi.FileBody;
import dev.gateway.spi.Header;
import dev.gateway.spi.server.ResponseState;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What Lint lets through unchanged: correct applications, and the body shapes a server relies on. */
class LintTest {

    @Test
    void aOneChunkCollectionStaysACollectionOfOne() throws Exception {
        Lint lint = new Lint((environ, start) -> {
            start.start("200 OK", List.of());
            return Body.of("abc");
        });
        Iterable<byte[]> body = lint.call(LintRulesTest.environ("GET", "/"), new ResponseState(data -> {
        }));
        Collection<?> chunks = assertInstanceOf(Collection.class, body);
        assertEquals(1, chunks.size());
        // The server's path for such a body: size(), then one next() without hasNext(), then close().
        assertEquals("abc", new String((byte[]) chunks.iterator().next()));
        assertEquals(1, lint.openBodies());
        LintRulesTest.close(body);
        assertEquals(0, lint.openBodies());
        lint.verify();
    }

    @Test
    void aShortCollectionIsCaughtAtCloseWhenTheServerNeverAsksHasNext() throws Exception {
        Lint lint = new Lint((environ, start) -> {
            start.start("200 OK", List.of(Header.of("Content-Length", "9")));
            return Body.of("abc");
        });
        Iterable<byte[]> body = lint.call(LintRulesTest.environ("GET", "/"), new ResponseState(data -> {
        }));
        body.iterator().next();
        LintError error = assertThrows(LintError.class, () -> LintRulesTest.close(body));
        assertEquals(Rule.BODY_6, error.rule());
        assertEquals(0, lint.openBodies(), "closed even though a rule failed");
    }

    @Test
    void aFileBodyIsPassedThroughForZeroCopy(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("f.txt"), "0123456789");
        AtomicInteger wrapped = new AtomicInteger();
        Lint lint = new Lint((environ, start) -> {
            start.start("200 OK", List.of(Header.of("Content-Length", "10")));
            wrapped.incrementAndGet();
            return environ.fileWrapper().wrap(FileChannel.open(file), 4);
        });
        Iterable<byte[]> body = lint.call(LintRulesTest.environ("GET", "/"), new ResponseState(data -> {
        }));
        FileBody fileBody = assertInstanceOf(FileBody.class, body);
        assertEquals(10, fileBody.count());
        fileBody.close();
        assertEquals(0, lint.openBodies(), "a FileBody is not counted: Lint cannot see its close()");
        lint.verify();
    }

    @Test
    void aFileBodyReturnedBeforeStartIsRefusedAndClosed(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("f.txt"), "0123456789");
        FileChannel channel = FileChannel.open(file);
        Lint lint = new Lint((environ, start) -> environ.fileWrapper().wrap(channel, 4));
        LintError error = assertThrows(LintError.class, () -> lint.call(LintRulesTest.environ("GET", "/"),
                new ResponseState(data -> {
                })));
        assertEquals(Rule.START_4, error.rule());
        assertFalse(channel.isOpen(), "Lint closed the body it refused");
    }

    @Test
    void excInfoBeforeTheHeadReplacesTheStatus() throws Exception {
        ResponseState state = new ResponseState(data -> {
        });
        Lint lint = new Lint((environ, start) -> {
            start.start("200 OK", List.of(Header.of("Content-Length", "5")));
            start.start("500 Internal Server Error", List.of(Header.of("Content-Length", "3")), new RuntimeException("expected"));
            return Body.of("err");
        });
        Iterable<byte[]> body = lint.call(LintRulesTest.environ("GET", "/"), state);
        LintRulesTest.close(body);
        assertEquals("500 Internal Server Error", state.status());
        lint.verify();
    }

    @Test
    void writeBeforeReturningIsCountedInTheLength() throws Exception {
        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        ResponseState state = new ResponseState(sent::write);
        Lint lint = new Lint((environ, start) -> {
            start.start("200 OK", List.of(Header.of("Content-Length", "4"))).write("ab".getBytes());
            return () -> List.of("cd".getBytes()).iterator();
        });
        Iterable<byte[]> body = lint.call(LintRulesTest.environ("GET", "/"), state);
        for (byte[] chunk : body) {
            sent.write(chunk);
        }
        LintRulesTest.close(body);
        assertEquals("abcd", sent.toString());
        lint.verify();
    }

    @Test
    void headResponsesMayDeclareALengthAndSendNothing() throws Exception {
        Lint lint = new Lint((environ, start) -> {
            start.start("200 OK", List.of(Header.of("Content-Length", "100")));
            return Body.empty();
        });
        Iterable<byte[]> body = lint.call(LintRulesTest.environ("HEAD", "/"), new ResponseState(data -> {
        }));
        LintRulesTest.close(body);
        lint.verify();
    }

    @Test
    void theInputIsCheckedButReadsTheSameBytes() throws Exception {
        Application echo = (environ, start) -> {
            byte[] bytes = environ.input().readAllBytes();
            assertEquals(-1, environ.input().read(), "reads past the end keep returning -1");
            start.start("200 OK", List.of());
            return Body.of(bytes);
        };
        Environ environ = LintRulesTest.environ("POST", "/");
        environ.put("CONTENT_LENGTH", "5");
        environ.put("gateway.input", new ByteArrayInputStream("hello".getBytes()));
        Lint lint = new Lint(echo);
        Iterable<byte[]> body = lint.call(environ, new ResponseState(data -> {
        }));
        assertEquals("hello", new String(body.iterator().next()));
        LintRulesTest.close(body);
        lint.verify();
    }

    @Test
    void aViolationTheApplicationSwallowsIsStillReported() throws Exception {
        Lint lint = new Lint((environ, start) -> {
            try {
                start.start("200 OK", List.of(Header.of("Connection", "close")));
            } catch (AssertionError swallowed) {
                start.start("200 OK", List.of());
            }
            return Body.empty();
        });
        Iterable<byte[]> body = lint.call(LintRulesTest.environ("GET", "/"), new ResponseState(data -> {
        }));
        LintRulesTest.close(body);
        LintError error = assertThrows(LintError.class, lint::verify);
        assertEquals(Rule.HEADER_3, error.rule());
    }

    @Test
    void theAsteriskTargetHasPathInfoStar() throws Exception {
        Lint lint = new Lint((environ, start) -> {
            start.start("200 OK", List.of());
            return Body.empty();
        });
        Iterable<byte[]> body = lint.call(LintRulesTest.environ("OPTIONS", "*"), new ResponseState(data -> {
        }));
        LintRulesTest.close(body);
        lint.verify();
    }

    @Test
    void theInnerBodyIsClosedOnceThroughTheWrapper() throws Exception {
        AtomicInteger closes = new AtomicInteger();
        Lint lint = new Lint((environ, start) -> {
            start.start("200 OK", List.of());
            return Body.onClose(List.of("a".getBytes(), "b".getBytes()), closes::incrementAndGet);
        });
        Iterable<byte[]> body = lint.call(LintRulesTest.environ("GET", "/"), new ResponseState(data -> {
        }));
        assertSame(body, body);
        for (byte[] ignored : body) {
            assertTrue(ignored.length > 0);
        }
        LintRulesTest.close(body);
        assertEquals(1, closes.get());
        lint.verify();
    }
}
