package dev.gateway.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gateway.spi.testing.TestClient;
import dev.gateway.spi.testing.TestResponse;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Asynchronous processing (section 2.3.3.3): the worker waits in call() until complete, dispatch or timeout. */
class AsyncTest {

    private final List<String> events = Collections.synchronizedList(new ArrayList<>());

    private AsyncListener recorder() {
        return new AsyncListener() {
            @Override
            public void onComplete(AsyncEvent event) {
                events.add("complete");
            }

            @Override
            public void onTimeout(AsyncEvent event) {
                events.add("timeout");
            }

            @Override
            public void onError(AsyncEvent event) {
                events.add("error");
            }

            @Override
            public void onStartAsync(AsyncEvent event) {
                events.add("restart");
            }
        };
    }

    @Test
    void anotherThreadWritesAndCompletes() throws Exception {
        ServletApplication app = ServletApplication.builder().servlet("s", Servlets.of((request, response) -> {
            AsyncContext async = request.startAsync();
            async.addListener(recorder());
            assertTrue(request.isAsyncStarted());
            async.start(() -> {
                try {
                    async.getResponse().getWriter().write("from " + (Thread.currentThread().isVirtual() ? "virtual" : "other"));
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
                async.complete();
            });
        }), r -> {
            r.addMapping("/");
            r.setAsyncSupported(true);
        }).build();
        TestResponse response = new TestClient(app).get("/");
        assertEquals("from virtual", response.text());
        assertEquals("12", response.header("Content-Length"));
        assertEquals(List.of("complete"), events);
    }

    @Test
    void dispatchRunsTheServletAgainWithTheAsyncAttributes() throws Exception {
        ServletApplication app = ServletApplication.builder().servlet("s", Servlets.of((request, response) -> {
            if (request.getDispatcherType() == DispatcherType.ASYNC) {
                response.getWriter().write("result " + request.getAttribute("result") + " "
                        + request.getAttribute(AsyncContext.ASYNC_REQUEST_URI) + " " + request.isAsyncStarted());
                return;
            }
            AsyncContext async = request.startAsync();
            new Thread(() -> {
                request.setAttribute("result", 42);
                async.dispatch();
            }).start();
        }), r -> {
            r.addMapping("/work/*");
            r.setAsyncSupported(true);
        }).build();
        assertEquals("result 42 /work/x false", new TestClient(app).get("/work/x").text());
    }

    @Test
    void aTimeoutNobodyAnswersBecomes500() throws Exception {
        ServletApplication app = ServletApplication.builder().asyncTimeout(Duration.ofMillis(50))
                .servlet("s", Servlets.of((request, response) -> request.startAsync().addListener(recorder())), r -> {
                    r.addMapping("/");
                    r.setAsyncSupported(true);
                }).build();
        TestResponse response = new TestClient(app).get("/");
        assertEquals(500, response.statusCode());
        assertEquals(List.of("timeout", "complete"), events);
    }

    @Test
    void aTimeoutListenerMayAnswer() throws Exception {
        ServletApplication app = ServletApplication.builder()
                .servlet("s", Servlets.of((request, response) -> {
                    AsyncContext async = request.startAsync();
                    async.setTimeout(20);
                    async.addListener(new AsyncListener() {
                        @Override
                        public void onTimeout(AsyncEvent event) throws IOException {
                            event.getAsyncContext().getResponse().getWriter().write("late");
                            event.getAsyncContext().complete();
                        }

                        @Override
                        public void onComplete(AsyncEvent event) {
                        }

                        @Override
                        public void onError(AsyncEvent event) {
                        }

                        @Override
                        public void onStartAsync(AsyncEvent event) {
                        }
                    });
                }), r -> {
                    r.addMapping("/");
                    r.setAsyncSupported(true);
                }).build();
        TestResponse response = new TestClient(app).get("/");
        assertEquals(200, response.statusCode());
        assertEquals("late", response.text());
    }

    @Test
    void completeDuringTheDispatchEndsTheRequestWhenItReturns() throws Exception {
        ServletApplication app = ServletApplication.builder().servlet("s", Servlets.of((request, response) -> {
            AsyncContext async = request.startAsync();
            response.getWriter().write("done");
            async.complete();
            assertTrue(request.isAsyncStarted()); // until the container acts on it, as in Tomcat
        }), r -> {
            r.addMapping("/");
            r.setAsyncSupported(true);
        }).build();
        assertEquals("done", new TestClient(app).get("/").text());
    }

    @Test
    void startAsyncNeedsEveryFilterAndTheServletToSupportIt() throws Exception {
        ServletApplication app = ServletApplication.builder()
                .servlet("s", Servlets.of((request, response) -> {
                    assertThrows(IllegalStateException.class, request::startAsync);
                    response.getWriter().write(String.valueOf(request.isAsyncSupported()));
                }), r -> {
                    r.addMapping("/");
                    r.setAsyncSupported(true);
                })
                .filter("sync", (request, response, chain) -> chain.doFilter(request, response), "/*")
                .build();
        assertEquals("false", new TestClient(app).get("/").text());
    }

    @Test
    void aDispatchToAnotherPathAndErrorAttributesStayOut() throws Exception {
        ServletApplication app = ServletApplication.builder()
                .servlet("front", Servlets.of((request, response) -> request.startAsync().dispatch("/back?x=1")), r -> {
                    r.addMapping("/front");
                    r.setAsyncSupported(true);
                })
                .servlet("back", Servlets.of((request, response) -> response.getWriter().write(request.getDispatcherType()
                        + " " + request.getServletPath() + " " + request.getParameter("x") + " "
                        + request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE))), "/back")
                .build();
        assertEquals("ASYNC /back 1 null", new TestClient(app).get("/front").text());
    }
}
