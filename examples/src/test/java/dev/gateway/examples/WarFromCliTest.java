package dev.gateway.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gateway --war app.war}, as the README says: the real launcher serves a WAR built here (a
 * servlet compiled into {@code WEB-INF/classes}, a {@code web.xml}, a static file) with two process
 * workers, each deploying it in its own JVM, and with concurrent requests.
 */
@Timeout(120)
class WarFromCliTest {

    private static final Path PROJECT = Path.of(System.getProperty("gateway.project.dir", ".."));

    @TempDir
    Path dir;

    @Test
    void servesAWarFromTheCommandLine() throws Exception {
        Path war = buildWar();
        Process server = new ProcessBuilder("bin/gateway", "-b", "127.0.0.1:0", "-k", "process", "-w", "2",
                "--war", war.toString()).directory(PROJECT.toFile()).redirectErrorStream(true).start();
        try {
            String base = CliServer.awaitListening(server);
            HttpClient client = HttpClient.newHttpClient();
            List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                responses.add(client.sendAsync(HttpRequest.newBuilder(URI.create(base + "/hello?who=war")).build(),
                        HttpResponse.BodyHandlers.ofString()));
            }
            for (CompletableFuture<HttpResponse<String>> response : responses) {
                assertEquals(200, response.get().statusCode(), response.get().body());
                assertEquals("hello war from cli-war", response.get().body());
            }
            HttpResponse<String> file = client.send(HttpRequest.newBuilder(URI.create(base + "/index.html")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals("<p>static</p>", file.body());
            assertEquals(404, client.send(HttpRequest.newBuilder(URI.create(base + "/WEB-INF/web.xml")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode());
        } finally {
            CliServer.stop(server);
        }
        assertEquals(0, server.exitValue(), "SIGTERM is a graceful stop with exit status 0");
    }

    /** Gunicorn's rule for an application that cannot load: the worker's boot fails, and so does the start. */
    @Test
    void aWebApplicationThatFailsToStartFailsTheBootWithStatus3() throws Exception {
        Path war = buildWar();
        Path app = dir.resolve("app");
        compile("warapp/FailingListener.java", """
                package warapp;
                @jakarta.servlet.annotation.WebListener
                public class FailingListener implements jakarta.servlet.ServletContextListener {
                    @Override
                    public void contextInitialized(jakarta.servlet.ServletContextEvent event) {
                        throw new IllegalStateException("the database is not there");
                    }
                }
                """, app.resolve("WEB-INF/classes"));
        Files.delete(war);
        zip(app, war);
        Process server = new ProcessBuilder("bin/gateway", "-b", "127.0.0.1:0", "-k", "process", "--war", war.toString())
                .directory(PROJECT.toFile()).redirectErrorStream(true).start();
        try {
            CompletableFuture<String> log = CompletableFuture.supplyAsync(() -> {
                try {
                    return new String(server.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            assertTrue(server.waitFor(90, TimeUnit.SECONDS), "the server did not exit");
            String output = log.get(10, TimeUnit.SECONDS);
            assertEquals(3, server.exitValue(), output);
            assertTrue(output.contains("the database is not there"), output);
        } finally {
            server.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    private static void compile(String file, String code, Path classes) throws Exception {
        Path source = classes.getParent().getParent().getParent().resolve("src").resolve(file);
        Files.createDirectories(source.getParent());
        Files.writeString(source, code);
        Files.createDirectories(classes);
        int status = ToolProvider.getSystemJavaCompiler().run(null, null, null,
                "-d", classes.toString(), "-cp", System.getProperty("java.class.path"), source.toString());
        assertEquals(0, status, "javac failed");
    }

    private static void zip(Path app, Path war) throws Exception {
        try (OutputStream file = Files.newOutputStream(war); ZipOutputStream zip = new ZipOutputStream(file);
             Stream<Path> files = Files.walk(app)) {
            for (Path path : files.filter(Files::isRegularFile).toList()) {
                zip.putNextEntry(new ZipEntry(app.relativize(path).toString()));
                Files.copy(path, zip);
                zip.closeEntry();
            }
        }
    }

    /** Compiles a servlet into WEB-INF/classes beside a web.xml and a static file, and zips them. */
    private Path buildWar() throws Exception {
        Path app = dir.resolve("app");
        compile("warapp/HelloServlet.java", """
                package warapp;
                public class HelloServlet extends jakarta.servlet.http.HttpServlet {
                    @Override
                    protected void doGet(jakarta.servlet.http.HttpServletRequest request,
                                         jakarta.servlet.http.HttpServletResponse response) throws java.io.IOException {
                        response.setContentType("text/plain");
                        response.getWriter().print("hello " + request.getParameter("who") + " from "
                                + getInitParameter("name"));
                    }
                }
                """, app.resolve("WEB-INF/classes"));
        Files.writeString(app.resolve("index.html"), "<p>static</p>");
        Files.writeString(app.resolve("WEB-INF/web.xml"), """
                <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.1">
                  <servlet><servlet-name>hello</servlet-name><servlet-class>warapp.HelloServlet</servlet-class>
                    <init-param><param-name>name</param-name><param-value>cli-war</param-value></init-param></servlet>
                  <servlet-mapping><servlet-name>hello</servlet-name><url-pattern>/hello</url-pattern></servlet-mapping>
                </web-app>
                """);
        Path war = dir.resolve("app.war");
        zip(app, war);
        return war;
    }
}
