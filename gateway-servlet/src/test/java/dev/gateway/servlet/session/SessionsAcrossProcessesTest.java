package dev.gateway.servlet.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gateway.servlet.ServletApplication;
import dev.gateway.spi.Environ;
import dev.gateway.spi.server.EnvironBuilder;
import dev.gateway.spi.server.ResponseState;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** In-memory sessions under process workers: the first session created warns, once; a single process does not. */
class SessionsAcrossProcessesTest {

    private final Logger logger = Logger.getLogger("dev.gateway.servlet");
    private final List<String> logged = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logged.add(record.getMessage());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void listen() {
        logger.addHandler(capture);
    }

    @AfterEach
    void stopListening() {
        logger.removeHandler(capture);
    }

    @Test
    void inMemorySessionsWithSeveralProcessesWarnOnce() throws Exception {
        try (ServletApplication app = withSessions()) {
            for (int i = 0; i < 3; i++) {
                call(app, true);
            }
            assertEquals(1, warnings(), logged.toString());
        }
    }

    @Test
    void oneProcessDoesNotWarn() throws Exception {
        try (ServletApplication app = withSessions()) {
            call(app, false);
            assertEquals(0, warnings(), logged.toString());
        }
    }

    private long warnings() {
        return logged.stream().filter(m -> m.contains("other worker processes")).count();
    }

    private static ServletApplication withSessions() {
        return ServletApplication.builder().servlet("s", new HttpServlet() {
            @Override
            protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
                request.getSession(true).setAttribute("n", 1);
                response.getWriter().write("ok");
            }
        }, "/").build();
    }

    private static void call(ServletApplication app, boolean multiprocess) throws Exception {
        Environ environ = new EnvironBuilder().requestLine("GET", "/", "HTTP/1.1").header("Host", "localhost")
                .concurrency(true, multiprocess).build();
        app.call(environ, new ResponseState(data -> { }));
    }
}
