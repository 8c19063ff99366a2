package dev.gateway.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.gateway.servlet.host.GatewayInitializer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.scan.StandardJarScanner;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The WAR path: a web application that holds nothing of its own but {@code WEB-INF/gateway.properties}
 * (one line naming the application) deploys a gateway application with no {@code web.xml}. On Tomcat it
 * is deployed as a web application ({@code addWebapp}: Tomcat's own deployment, which finds
 * {@link GatewayInitializer} through {@code META-INF/services}); on Jetty, whose WAR deployment needs
 * its annotations module to run initializers, the initializer is given to the context. The
 * application's classes come from the class path, as from a WAR's {@code WEB-INF/lib}.
 */
class HostedServletTest {

    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TempDir
    Path dir;
    private Path war;
    private AutoCloseable running;
    private final List<String> containerLog = new CopyOnWriteArrayList<>();
    private final Handler julHandler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            containerLog.add(record.getMessage());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private final ListAppender<ILoggingEvent> jettyLog = new ListAppender<>();

    @BeforeEach
    void captureTheContainersLogs() throws Exception {
        war = Files.createDirectories(dir.resolve("shop/WEB-INF")).getParent();
        Logger.getLogger("org.apache.catalina.core.ContainerBase").addHandler(julHandler);
        ch.qos.logback.classic.Logger jetty = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger("org.eclipse.jetty.server.handler.ContextHandler");
        jetty.setLevel(Level.INFO);
        jettyLog.start();
        jetty.addAppender(jettyLog);
        HostedApp.STARTUPS.set(0);
        HostedApp.SHUTDOWNS.set(0);
    }

    @AfterEach
    void stop() throws Exception {
        if (running != null) {
            running.close();
        }
        Logger.getLogger("org.apache.catalina.core.ContainerBase").removeHandler(julHandler);
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("org.eclipse.jetty.server.handler.ContextHandler")).detachAppender(jettyLog);
    }

    private void config(String text) throws Exception {
        Files.writeString(war.resolve("WEB-INF/gateway.properties"), text);
    }

    /** Deploys the folder {@link #war} at /shop on Tomcat; returns the port. */
    private int tomcat(Map<String, String> contextParameters) throws Exception {
        Context context = deployOnTomcat("/shop", war);
        contextParameters.forEach(context::addParameter);
        tomcat.start();
        return tomcat.getConnector().getLocalPort();
    }

    private Tomcat tomcat;

    /** Deploys {@code webApp} (a folder or a WAR) at {@code path} on {@link #tomcat}, which the caller starts. */
    private Context deployOnTomcat(String path, Path webApp) throws Exception {
        Tomcat started = new Tomcat();
        started.setBaseDir(dir.resolve("tomcat").toString());
        Files.createDirectories(dir.resolve("tomcat/webapps"));
        Connector connector = new Connector();
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        started.setConnector(connector);
        started.setAddDefaultWebXmlToWebapp(false);
        Context context = started.addWebapp(path, webApp.toString());
        // The application's jars are on the class path here: no need to scan them all for annotations.
        ((StandardJarScanner) context.getJarScanner()).setScanClassPath(false);
        Hosts.quietTomcatStop(context);
        tomcat = started;
        running = () -> {
            started.stop();
            started.destroy();
        };
        return context;
    }

    /** Serves the folder {@link #war} at /shop on Jetty, with the initializer; returns the port. */
    private int jetty(Map<String, String> contextParameters) throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/shop");
        context.setBaseResourceAsPath(war);
        contextParameters.forEach(context::setInitParameter);
        context.addServletContainerInitializer(new GatewayInitializer());
        server.setHandler(context);
        running = server::stop;
        server.start();
        return connector.getLocalPort();
    }

    private static HttpResponse<String> get(int port, String path) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private List<String> logged(String text) {
        List<String> lines = new java.util.ArrayList<>(containerLog);
        jettyLog.list.forEach(event -> lines.add(event.getFormattedMessage()));
        return lines.stream().filter(line -> line != null && line.contains(text)).toList();
    }

    /** The WAR examples/hosted-war builds; the reactor packages it before this module's tests run. */
    private static Path builtWar() {
        Path war = Path.of(System.getProperty("gateway.project.dir", "..")).resolve("examples/hosted-war/target/hosted-war.war");
        boolean ci = "true".equals(System.getenv("CI"));
        // Run alone (-pl conformance test) the WAR may not be built yet: said, never silent, and never under CI.
        assertTrue(Files.isRegularFile(war) || !ci, war + " missing: mvn verify builds it before this module's tests");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isRegularFile(war), war + " not built: run mvn verify (or package examples/hosted-war)");
        return war;
    }

    @Test
    void theExampleWarDeploysOnTomcat() throws Exception {
        Context context = deployOnTomcat("/hosted-war", builtWar());
        tomcat.start();
        HttpResponse<String> response = get(tomcat.getConnector().getLocalPort(), "/hosted-war/a/b");
        assertEquals("Hello from /hosted-war/a/b\n", response.body());
        assertEquals("dev.gateway.examples.hosted.Greeting", greetingClassLoaderCheck(context.getLoader().getClassLoader()));
    }

    @Test
    void theExampleWarDeploysOnJetty() throws Exception {
        Path built = builtWar();
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        org.eclipse.jetty.ee10.webapp.WebAppContext webapp = new org.eclipse.jetty.ee10.webapp.WebAppContext();
        webapp.setContextPath("/hosted-war");
        webapp.setWar(built.toString());
        webapp.setTempDirectory(Files.createDirectories(dir.resolve("jetty")).toFile());
        webapp.addConfiguration(new org.eclipse.jetty.ee10.annotations.AnnotationConfiguration());
        server.setHandler(webapp);
        running = server::stop;
        server.start();
        assertEquals("Hello from /hosted-war/a/b\n", get(connector.getLocalPort(), "/hosted-war/a/b").body());
        assertEquals("dev.gateway.examples.hosted.Greeting", greetingClassLoaderCheck(webapp.getClassLoader()));
    }

    @Test
    void theExampleWarRunsOnGatewaysOwnServletBridgeToo() throws Exception {
        // gateway-servlet deploys a WAR as Tomcat does, initializers included: the same WAR, a third host.
        try (dev.gateway.servlet.ServletApplication app = dev.gateway.servlet.ServletApplication.fromWebApp(builtWar());
             dev.gateway.spi.testing.TestClient client = new dev.gateway.spi.testing.TestClient(app).scriptName("/hosted-war").startup()) {
            assertEquals("Hello from /hosted-war/a/b\n", client.get("/hosted-war/a/b").text());
        }
    }

    /** The application's class comes from the WAR (its own class loader), not from this test's class path. */
    private static String greetingClassLoaderCheck(ClassLoader webapp) throws Exception {
        Class<?> greeting = webapp.loadClass("dev.gateway.examples.hosted.Greeting");
        assertEquals(webapp, greeting.getClassLoader());
        return greeting.getName();
    }

    @Test
    void tomcatDeploysTheWarByItsOneLine() throws Exception {
        config("application=" + HostedApp.class.getName() + "\n");
        int port = tomcat(Map.of());
        assertEquals("/shop /cart/1 started=1", get(port, "/shop/cart/1").body(), "SCRIPT_NAME is the context path");
        running.close();
        running = null;
        assertEquals(1, HostedApp.SHUTDOWNS.get(), "undeploying destroys the servlet: shutdown() once");
    }

    @Test
    void jettyRunsTheInitializer() throws Exception {
        config("application=" + HostedApp.class.getName() + "\n");
        int port = jetty(Map.of());
        assertEquals("/shop /cart/1 started=1", get(port, "/shop/cart/1").body());
        running.close();
        running = null;
        assertEquals(1, HostedApp.SHUTDOWNS.get());
    }

    @Test
    void aMappingPutsTheServletPathIntoScriptName() throws Exception {
        config("application=" + HostedApp.class.getName() + ":FIELD\nmapping=/api/*\n");
        int port = tomcat(Map.of());
        assertEquals("/shop/api /notes started=1", get(port, "/shop/api/notes").body());
        assertEquals(404, get(port, "/shop/other").statusCode(), "the rest of the context is not the application's");
    }

    @Test
    void aMappingOnJettyToo() throws Exception {
        config("application=" + HostedApp.class.getName() + "\nmapping=/api/*\n");
        int port = jetty(Map.of());
        assertEquals("/shop/api /notes started=1", get(port, "/shop/api/notes").body());
    }

    @Test
    void theContextParameterWinsOverTheFile() throws Exception {
        config("application=com.example.Missing\n");
        int port = tomcat(Map.of(GatewayInitializer.CONTEXT_PARAMETER, HostedApp.class.getName() + ":FIELD"));
        assertEquals(200, get(port, "/shop/").statusCode());
    }

    @Test
    void aWarThatNamesNoApplicationIsLeftAlone() throws Exception {
        int port = tomcat(Map.of());
        assertEquals(404, get(port, "/shop/x").statusCode());
        assertEquals(0, HostedApp.STARTUPS.get());
    }

    @Test
    void aWrongClassOnTomcatIsOneLineAtDeploymentNotOnePerRequest() throws Exception {
        config("application=com.example.Missing\n");
        int port = tomcat(Map.of());
        for (int i = 0; i < 3; i++) {
            assertEquals(404, get(port, "/shop/x").statusCode(), "Tomcat answers a permanently unavailable servlet 404");
        }
        assertEquals(1, logged("gateway application 'com.example.Missing' cannot be loaded: class com.example.Missing not found").size(),
                containerLog.toString());
    }

    @Test
    void aWrongClassOnJettyIsOneLineAtDeploymentNotOnePerRequest() throws Exception {
        config("application=" + HostedApp.class.getName() + ":NOTHING\n");
        int port = jetty(Map.of());
        for (int i = 0; i < 3; i++) {
            assertEquals(404, get(port, "/shop/x").statusCode(), "Jetty answers a permanently unavailable servlet 404");
        }
        assertEquals(1, logged("cannot be loaded: " + HostedApp.class.getName()
                + ":NOTHING is not a static field or method (public, static, no arguments)").size());
    }

    @Test
    void theApplicationStartsOnceWhateverTheLoad() throws Exception {
        config("application=" + HostedApp.class.getName() + "\n");
        int port = tomcat(Map.of());
        List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> responses = new java.util.ArrayList<>();
        for (int i = 0; i < 16; i++) {
            responses.add(CLIENT.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/shop/" + i)).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        for (int i = 0; i < responses.size(); i++) {
            assertEquals("/shop /" + i + " started=1", responses.get(i).get().body());
        }
        assertEquals(1, HostedApp.STARTUPS.get());
    }
}
