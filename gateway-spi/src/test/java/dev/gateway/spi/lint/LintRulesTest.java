package dev.gateway.spi.lint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gateway.spi.Application;
import dev.gateway.spi.Body;
import dev.gateway.spi.BodyWriter;
import dev.gateway.spi.Environ;
import dev.gateway.spi.EnvironKeys;
import dev.gateway.spi.Header;
import dev.gateway.spi.server.EnvironBuilder;
import dev.gateway.spi.server.ResponseState;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every rule of {@link Rule}, broken once, on purpose: Lint must name it. A fake server drives Lint
 * the way gateway-server does (environ from {@link EnvironBuilder}, {@link ResponseState}, iterate,
 * close), with one thing changed per case.
 */
class LintRulesTest {

    /** What the fake server does with the body Lint returned. */
    interface ServerStep {
        void serve(Iterable<byte[]> body) throws Exception;
    }

    private static final Consumer<Environ> SAME = environ -> {
    };

    private static final ServerStep DRAIN_AND_CLOSE = body -> {
        try {
            for (byte[] ignored : body) {
                // drained
            }
        } finally {
            close(body);
        }
    };

    private static final Application HELLO = (environ, start) -> {
        start.start("200 OK", List.of(Header.of("Content-Type", "text/plain")));
        return Body.of("hello");
    };

    /** A body that is not a Collection: produced chunk by chunk. */
    private static final Application STREAM = (environ, start) -> {
        start.start("200 OK", List.of());
        return () -> List.of("ab".getBytes(), "cd".getBytes()).iterator();
    };

    private static Application starting(String status, List<Header> headers, Iterable<byte[]> body) {
        return (environ, start) -> {
            start.start(status, headers);
            return body;
        };
    }

    private static Application reading(ThrowingConsumer<InputStream> read) {
        return (environ, start) -> {
            read.accept(environ.input());
            return HELLO.call(environ, start);
        };
    }

    interface ThrowingConsumer<T> {
        void accept(T value) throws Exception;
    }

    private static InputStream stream(int... results) {
        return new InputStream() {
            private int next;

            @Override
            public int read() {
                return next < results.length ? results[next++] : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                return next < results.length ? results[next++] : -1;
            }
        };
    }

    static Stream<Arguments> violations() {
        List<Arguments> cases = new ArrayList<>();
        // ENV: the server's environ.
        add(cases, Rule.ENV_1, environ -> environ.remove(EnvironKeys.RAW_URI), HELLO);
        add(cases, Rule.ENV_1, environ -> environ.remove(EnvironKeys.FILE_WRAPPER), HELLO);
        add(cases, Rule.ENV_2, environ -> environ.put(EnvironKeys.SERVER_PORT, 8080), HELLO);
        add(cases, Rule.ENV_3, environ -> environ.put("HTTP_X_NAME", "caf\u00e9\u2603"), HELLO);
        add(cases, Rule.ENV_4, environ -> environ.put(EnvironKeys.REQUEST_METHOD, "GE T"), HELLO);
        add(cases, Rule.ENV_4, environ -> environ.put(EnvironKeys.REQUEST_METHOD, ""), HELLO);
        add(cases, Rule.ENV_5, environ -> environ.put(EnvironKeys.SCRIPT_NAME, "app"), HELLO);
        add(cases, Rule.ENV_5, environ -> environ.put(EnvironKeys.SCRIPT_NAME, "/app/"), HELLO);
        add(cases, Rule.ENV_6, environ -> environ.put(EnvironKeys.PATH_INFO, "x"), HELLO);
        add(cases, Rule.ENV_7, environ -> environ.put(EnvironKeys.SERVER_PROTOCOL, "HTTP/2.0"), HELLO);
        add(cases, Rule.ENV_8, environ -> environ.put(EnvironKeys.SERVER_NAME, ""), HELLO);
        add(cases, Rule.ENV_9, environ -> environ.put(EnvironKeys.SERVER_PORT, "80a"), HELLO);
        add(cases, Rule.ENV_9, environ -> environ.put(EnvironKeys.REMOTE_PORT, "-1"), HELLO);
        add(cases, Rule.ENV_10, environ -> environ.put("HTTP_CONTENT_TYPE", "text/plain"), HELLO);
        add(cases, Rule.ENV_10, environ -> environ.put("HTTP_CONTENT_LENGTH", "3"), HELLO);
        add(cases, Rule.ENV_11, environ -> environ.put(EnvironKeys.CONTENT_LENGTH, "-1"), HELLO);
        add(cases, Rule.ENV_11, environ -> environ.put(EnvironKeys.CONTENT_LENGTH, ""), HELLO);
        add(cases, Rule.ENV_12, environ -> environ.put(EnvironKeys.RAW_URI, ""), HELLO);
        add(cases, Rule.ENV_13, environ -> environ.put(EnvironKeys.VERSION, List.of(2, 0)), HELLO);
        add(cases, Rule.ENV_14, environ -> environ.put(EnvironKeys.URL_SCHEME, "ftp"), HELLO);
        add(cases, Rule.ENV_15, environ -> environ.put(EnvironKeys.INPUT, "not a stream"), HELLO);
        add(cases, Rule.ENV_15, environ -> environ.put(EnvironKeys.MULTITHREAD, "true"), HELLO);
        // INPUT and ERRORS.
        add(cases, Rule.INPUT_1, SAME, reading(in -> in.read(new byte[4], 0, -1)));
        add(cases, Rule.INPUT_1, SAME, reading(in -> in.read(new byte[4], 2, 4)));
        add(cases, Rule.INPUT_2, environ -> environ.put(EnvironKeys.INPUT, stream(0)), reading(in -> in.read(new byte[4])));
        add(cases, Rule.INPUT_2, environ -> environ.put(EnvironKeys.INPUT, stream(9)), reading(in -> in.read(new byte[4])));
        add(cases, Rule.INPUT_2, environ -> environ.put(EnvironKeys.INPUT, stream(300)), reading(InputStream::read));
        add(cases, Rule.INPUT_3, environ -> environ.put(EnvironKeys.INPUT, stream(-1, 2)),
                reading(in -> {
                    in.read(new byte[4]); // -1: the end
                    in.read(new byte[4]); // 2 bytes: past the end
                }));
        add(cases, Rule.INPUT_4, environ -> {
            environ.put(EnvironKeys.CONTENT_LENGTH, "5");
            environ.put(EnvironKeys.INPUT, new ByteArrayInputStream(new byte[3]));
        }, reading(InputStream::readAllBytes));
        add(cases, Rule.INPUT_4, environ -> {
            environ.put(EnvironKeys.CONTENT_LENGTH, "2");
            environ.put(EnvironKeys.INPUT, new ByteArrayInputStream(new byte[3]));
        }, reading(InputStream::readAllBytes));
        add(cases, Rule.INPUT_5, SAME, reading(InputStream::close));
        add(cases, Rule.ERRORS_1, SAME, (environ, start) -> {
            environ.errors().close();
            return HELLO.call(environ, start);
        });
        // START and HEADER.
        add(cases, Rule.START_1, SAME, starting("OK", List.of(), Body.empty()));
        add(cases, Rule.START_1, SAME, starting("100 Continue", List.of(), Body.empty()));
        add(cases, Rule.START_1, SAME, starting("200 OK\r\nX: y", List.of(), Body.empty()));
        add(cases, Rule.START_2, SAME, starting("200 OK", null, Body.empty()));
        add(cases, Rule.START_2, SAME, starting("200 OK", Arrays.asList((Header) null), Body.empty()));
        add(cases, Rule.START_3, SAME, (environ, start) -> {
            start.start("200 OK", List.of());
            start.start("500 Internal Server Error", List.of());
            return Body.empty();
        });
        add(cases, Rule.START_4, SAME, (environ, start) -> Body.of("no start"));
        add(cases, Rule.START_4, SAME, (environ, start) -> Body.empty());
        add(cases, Rule.START_4, SAME, (environ, start) -> () -> List.<byte[]>of().iterator());
        add(cases, Rule.START_5, SAME, (environ, start) -> {
            start.start("200 OK", List.of()).write("sent".getBytes());
            try {
                start.start("500 Internal Server Error", List.of(), new IllegalStateException("expected"));
            } catch (IllegalStateException swallowed) {
                // wrong: the failure must propagate
            }
            return Body.empty();
        });
        add(cases, Rule.START_5, SAME, (environ, start) -> {
            BodyWriter write = start.start("200 OK", List.of());
            write.write("sent".getBytes());
            return () -> List.of("a".getBytes()).stream().peek(chunk -> {
                try {
                    start.start("500 Internal Server Error", List.of(), new IllegalStateException("expected"));
                } catch (IllegalStateException swallowed) {
                    // wrong again, during the iteration
                }
            }).iterator();
        });
        add(cases, Rule.HEADER_1, SAME, starting("200 OK", List.of(Header.of("Bad Name", "x")), Body.empty()));
        add(cases, Rule.HEADER_1, SAME, starting("200 OK", List.of(Header.of("", "x")), Body.empty()));
        add(cases, Rule.HEADER_2, SAME, starting("200 OK", List.of(Header.of("X-A", "a\r\nSet-Cookie: b")), Body.empty()));
        add(cases, Rule.HEADER_2, SAME, starting("200 OK", List.of(Header.of("X-A", "\u2603")), Body.empty()));
        add(cases, Rule.HEADER_3, SAME, starting("200 OK", List.of(Header.of("Connection", "close")), Body.empty()));
        add(cases, Rule.HEADER_3, SAME, starting("200 OK", List.of(Header.of("transfer-encoding", "chunked")), Body.empty()));
        add(cases, Rule.HEADER_4, SAME, starting("200 OK", List.of(Header.of("Content-Length", "3x")), Body.of("abc")));
        add(cases, Rule.HEADER_4, SAME, starting("200 OK",
                List.of(Header.of("Content-Length", "3"), Header.of("Content-Length", "3")), Body.of("abc")));
        add(cases, Rule.HEADER_5, SAME, starting("204 No Content", List.of(Header.of("Content-Length", "0")), Body.empty()));
        // WRITE.
        add(cases, Rule.WRITE_1, SAME, (environ, start) -> {
            start.start("200 OK", List.of()).write(null);
            return Body.empty();
        });
        add(cases, Rule.WRITE_2, SAME, (environ, start) -> {
            BodyWriter write = start.start("200 OK", List.of());
            return () -> {
                try {
                    write.write("late".getBytes());
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                return List.<byte[]>of().iterator();
            };
        });
        // BODY: the application's side.
        add(cases, Rule.BODY_1, SAME, (environ, start) -> {
            start.start("200 OK", List.of());
            return null;
        });
        add(cases, Rule.BODY_2, SAME, starting("200 OK", List.of(), Arrays.asList("a".getBytes(), null)));
        add(cases, Rule.BODY_2, SAME, STREAM_OF_NULL);
        add(cases, Rule.BODY_6, SAME, starting("200 OK", List.of(Header.of("Content-Length", "5")), Body.of("abc")));
        add(cases, Rule.BODY_6, SAME, starting("200 OK", List.of(Header.of("Content-Length", "2")), Body.of("abc")));
        add(cases, Rule.BODY_6, SAME, starting("200 OK", List.of(Header.of("Content-Length", "5")),
                () -> List.of("ab".getBytes(), "c".getBytes()).iterator()));
        add(cases, Rule.BODY_7, SAME, starting("304 Not Modified", List.of(), Body.of("x")));
        add(cases, Rule.BODY_7, SAME, starting("204 No Content", List.of(), Body.of("x")));
        // BODY and THREAD: the server's side.
        add(cases, Rule.BODY_3, SAME, STREAM, body -> {
            body.iterator();
            body.iterator();
        });
        add(cases, Rule.BODY_4, SAME, STREAM, body -> {
            Iterator<byte[]> chunks = body.iterator();
            close(body);
            chunks.next();
        });
        add(cases, Rule.BODY_4, SAME, HELLO, body -> {
            close(body);
            body.iterator();
        });
        add(cases, Rule.BODY_5, SAME, STREAM, body -> {
            close(body);
            close(body);
        });
        add(cases, Rule.BODY_5, SAME, STREAM, body -> body.iterator().next()); // never closed
        add(cases, Rule.BODY_5, SAME, HELLO, body -> body.iterator().next()); // never closed
        add(cases, Rule.THREAD_1, SAME, STREAM, body -> {
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            Thread other = new Thread(() -> {
                try {
                    body.iterator();
                } catch (Throwable t) {
                    thrown.set(t);
                }
            });
            other.start();
            other.join();
            close(body);
            if (thrown.get() instanceof LintError e) {
                throw e;
            }
        });
        return cases.stream();
    }

    private static final Application STREAM_OF_NULL = (environ, start) -> {
        start.start("200 OK", List.of());
        return () -> Arrays.asList("a".getBytes(), (byte[]) null).iterator();
    };

    private static void add(List<Arguments> cases, Rule rule, Consumer<Environ> environ, Application app) {
        add(cases, rule, environ, app, DRAIN_AND_CLOSE);
    }

    private static void add(List<Arguments> cases, Rule rule, Consumer<Environ> environ, Application app, ServerStep server) {
        cases.add(Arguments.of(rule, cases.size(), environ, app, server));
    }

    @ParameterizedTest(name = "{0} (case {1})")
    @MethodSource("violations")
    void eachRuleIsNamedWhenBroken(Rule rule, int index, Consumer<Environ> fix, Application app, ServerStep server) {
        Lint lint = new Lint(app);
        LintError error = assertThrows(LintError.class, () -> serve(lint, fix, server));
        assertEquals(rule, error.rule(), error.getMessage());
        assertTrue(error.getMessage().startsWith(rule.id() + ": "), error.getMessage());
        assertTrue(lint.violations().contains(error), "recorded as well as thrown");
    }

    @Test
    void theTableBreaksEveryRule() {
        Set<Rule> covered = Stream.of(violations().map(arguments -> (Rule) arguments.get()[0]), LintLifecycleTest.rulesBroken(),
                        LintWebSocketTest.rulesBroken(), LintNonBlockingTest.rulesBroken()).flatMap(rules -> rules)
                .collect(Collectors.toSet());
        assertEquals(EnumSet.allOf(Rule.class), EnumSet.copyOf(covered));
    }

    /** Runs one request through {@code lint} as the fake server; ends with {@link Lint#verify()}. */
    static void serve(Lint lint, Consumer<Environ> fix, ServerStep server) throws Exception {
        Environ environ = environ("GET", "/x?y=1");
        fix.accept(environ);
        ResponseState[] state = new ResponseState[1];
        // Like a real server: a non-empty write() sends the head.
        state[0] = new ResponseState(data -> {
            if (data.length > 0) {
                state[0].markHeadersSent();
            }
        });
        Iterable<byte[]> body = lint.call(environ, state[0]);
        server.serve(body);
        lint.verify();
    }

    /** Calls the application through {@code lint} and returns its body, neither iterated nor closed. */
    static Iterable<byte[]> callOnly(Lint lint) throws Exception {
        return lint.call(environ("GET", "/x"), new ResponseState(data -> { }));
    }

    static Environ environ(String method, String target) {
        return new EnvironBuilder()
                .requestLine(method, target, "HTTP/1.1")
                .header("Host", "localhost:8080")
                .remote("127.0.0.1", 5555)
                .build();
    }

    static void close(Iterable<byte[]> body) throws Exception {
        if (body instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }
}
