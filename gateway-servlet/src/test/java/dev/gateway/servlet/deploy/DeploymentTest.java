package dev.gateway.servlet.deploy;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gateway.servlet.DeploymentException;
import dev.gateway.servlet.ServletApplication;
import dev.gateway.servlet.deploy.scan.Implementations;
import dev.gateway.servlet.deploy.scan.Marker;
import dev.gateway.servlet.deploy.scan.Tagged;
import dev.gateway.spi.lint.Lint;
import dev.gateway.spi.testing.TestClient;
import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.annotation.HandlesTypes;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Deployment: registrations, initializers with @HandlesTypes, listeners, init order, destroy. */
class DeploymentTest {

    /** Records what happened, in order. */
    static final List<String> events = Collections.synchronizedList(new ArrayList<>());

    /** A servlet that records init and destroy. */
    static final class Recording extends HttpServlet {
        private final String name;
        final AtomicInteger inits = new AtomicInteger();

        Recording(String name) {
            this.name = name;
        }

        @Override
        public void init(ServletConfig config) throws ServletException {
            super.init(config);
            inits.incrementAndGet();
            events.add("init " + name + " " + config.getInitParameter("p"));
        }

        @Override
        public void destroy() {
            events.add("destroy " + name);
        }

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.getWriter().write(name + " " + getServletContext().getInitParameter("greeting"));
        }
    }

    /** Asks for Marker implementations and Tagged classes, and registers a servlet from them. */
    @HandlesTypes({Marker.class, Tagged.class})
    static final class ScanningInitializer implements ServletContainerInitializer {
        Set<Class<?>> seen;

        @Override
        public void onStartup(Set<Class<?>> classes, ServletContext context) {
            seen = classes;
            events.add("initializer");
            ServletRegistration.Dynamic registration = context.addServlet("fromInitializer", new Recording("fromInitializer"));
            registration.addMapping("/init/*");
            registration.setInitParameter("p", "v");
            registration.setLoadOnStartup(2);
            context.addListener(new ServletContextListener() {
                @Override
                public void contextInitialized(ServletContextEvent event) {
                    events.add("listener added by initializer");
                }
            });
        }
    }

    @Test
    void startsInSpecOrderAndStopsOnce() throws Exception {
        events.clear();
        ScanningInitializer initializer = new ScanningInitializer();
        Recording lazy = new Recording("lazy");
        ServletApplication app = ServletApplication.builder()
                .initParameter("greeting", "hi")
                .listener(new ServletContextListener() {
                    @Override
                    public void contextInitialized(ServletContextEvent event) {
                        events.add("contextInitialized");
                    }

                    @Override
                    public void contextDestroyed(ServletContextEvent event) {
                        events.add("contextDestroyed");
                    }
                })
                .servlet("first", new Recording("first"), r -> {
                    r.addMapping("/first");
                    r.setLoadOnStartup(1);
                })
                .servlet("lazy", lazy, "/lazy")
                .initializer(initializer)
                .build();
        assertEquals(List.of(), events, "nothing is deployed before startup()");
        app.startup();
        app.startup(); // once only (LIFE-1)
        assertEquals(List.of("initializer", "contextInitialized", "listener added by initializer", "init first null",
                "init fromInitializer v"), events);
        assertEquals(Set.of(Implementations.Direct.class, Implementations.Inherited.class, Implementations.Abstract.class,
                Implementations.Annotated.class), initializer.seen);
        assertEquals("fromInitializer hi", new TestClient(app).get("/init/x").text());
        assertEquals("lazy hi", new TestClient(app).get("/lazy").text());
        assertTrue(events.contains("init lazy null"));
        app.close();
        app.close();
        assertEquals(1, events.stream().filter("contextDestroyed"::equals).count());
        assertEquals("contextDestroyed", events.get(events.size() - 1));
        assertTrue(events.containsAll(List.of("destroy first", "destroy lazy", "destroy fromInitializer")));
        assertEquals(503, new TestClient(app).get("/lazy").statusCode());
    }

    @Test
    void lazyInitRunsOnceUnderConcurrentFirstRequests() throws Exception {
        CountDownLatch inInit = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger inits = new AtomicInteger();
        HttpServlet slow = new HttpServlet() {
            @Override
            public void init() throws ServletException {
                inits.incrementAndGet();
                inInit.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    throw new ServletException(e);
                }
            }

            @Override
            protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
                response.getWriter().write("ok");
            }
        };
        try (ServletApplication app = ServletApplication.builder().servlet("slow", slow, "/").build();
             ExecutorService pool = Executors.newFixedThreadPool(4)) {
            TestClient client = new TestClient(app);
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                results.add(pool.submit(() -> client.get("/").text()));
            }
            inInit.await();
            release.countDown();
            for (Future<String> result : results) {
                assertEquals("ok", result.get());
            }
            assertEquals(1, inits.get());
        }
    }

    @Test
    void registrationClosesOnceTheContextStarted() {
        try (ServletApplication app = ServletApplication.builder().build()) {
            app.startup();
            ServletContext context = app.servletContext();
            assertThrows(IllegalStateException.class, () -> context.addServlet("late", new HttpServlet() { }));
            assertThrows(IllegalStateException.class, () -> context.setInitParameter("a", "b"));
        }
    }

    @Test
    void conflictingMappingsAreReported() {
        ServletContainerInitializer initializer = (classes, context) -> {
            context.addServlet("a", new HttpServlet() { }).addMapping("/x");
            ServletRegistration.Dynamic b = context.addServlet("b", new HttpServlet() { });
            assertEquals(Set.of("/x"), b.addMapping("/x", "/y"));
            assertTrue(b.getMappings().isEmpty());
            assertNull(context.addServlet("a", new HttpServlet() { }));
        };
        try (ServletApplication app = ServletApplication.builder().initializer(initializer, Set.of()).build()) {
            app.startup();
            // "default" is the container's static-file servlet, as in Tomcat
            assertEquals(Set.of("a", "b", "default"), app.servletContext().getServletRegistrations().keySet());
        }
    }

    @Test
    void aFailingStartStopsWhatStartedAndThrows() {
        events.clear();
        HttpServlet broken = new HttpServlet() {
            @Override
            public void init() throws ServletException {
                throw new ServletException("broken");
            }
        };
        DeploymentException failure = assertThrows(DeploymentException.class, () -> ServletApplication.builder()
                .listener(new ServletContextListener() {
                    @Override
                    public void contextDestroyed(ServletContextEvent event) {
                        events.add("contextDestroyed");
                    }
                })
                .servlet("broken", broken, r -> r.setLoadOnStartup(0))
                .build().startup());
        assertTrue(failure.getMessage().contains("broken"));
        assertEquals(List.of("contextDestroyed"), events);
    }

    @Test
    void theContractsLifecycleDeploysAndEndsIt() throws Exception {
        events.clear();
        ServletApplication app = ServletApplication.builder()
                .listener(new ServletContextListener() {
                    @Override
                    public void contextInitialized(ServletContextEvent event) {
                        events.add("contextInitialized");
                    }

                    @Override
                    public void contextDestroyed(ServletContextEvent event) {
                        events.add("contextDestroyed");
                    }
                })
                .servlet("first", new Recording("first"), "/first")
                .build();
        try (TestClient client = new TestClient(new Lint(app)).startup()) {
            assertEquals(List.of("contextInitialized"), events);
            assertEquals(200, client.get("/first").statusCode());
        }
        assertEquals("contextDestroyed", events.get(events.size() - 1));
        assertEquals(503, new TestClient(app).get("/first").statusCode());
    }

    @Test
    void aFailedStartIsNotRetriedAndRequestsGet503() {
        AtomicInteger inits = new AtomicInteger();
        HttpServlet broken = new HttpServlet() {
            @Override
            public void init() throws ServletException {
                inits.incrementAndGet();
                throw new ServletException("broken");
            }
        };
        ServletApplication app = ServletApplication.builder().servlet("broken", broken, r -> {
            r.addMapping("/");
            r.setLoadOnStartup(1);
        }).build();
        assertThrows(DeploymentException.class, app::startup);
        app.startup(); // the failure is final: not run again
        assertEquals(503, assertDoesNotThrow(() -> new TestClient(app).get("/")).statusCode());
        assertEquals(1, inits.get());
        app.shutdown();
    }

    @Test
    void contextAttributesAndInitParameters() {
        try (ServletApplication app = ServletApplication.builder().initParameter("a", "1").displayName("shop").build()) {
            app.startup();
            ServletContext context = app.servletContext();
            assertEquals("1", context.getInitParameter("a"));
            assertEquals("shop", context.getServletContextName());
            context.setAttribute("k", "v");
            assertEquals("v", context.getAttribute("k"));
            context.setAttribute("k", null);
            assertNull(context.getAttribute("k"));
            assertEquals(6, context.getMajorVersion());
            assertEquals("application/json", context.getMimeType("x.json"));
            assertFalse(context.getEffectiveSessionTrackingModes().isEmpty());
        }
    }
}
