package dev.gateway.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gateway.servletwar.WarServlet;
import dev.gateway.spi.testing.TestClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** fromWebApp: an unpacked web application directory, or a WAR file. */
class WarTest {

    @TempDir
    Path dir;

    /** Lays out a web application: WEB-INF/web.xml, WEB-INF/classes with WarServlet, and a static file. */
    private Path webApp() throws IOException {
        Path app = dir.resolve("app");
        String classFile = WarServlet.class.getName().replace('.', '/') + ".class";
        Path target = app.resolve("WEB-INF/classes").resolve(classFile);
        Files.createDirectories(target.getParent());
        try (InputStream in = WarServlet.class.getClassLoader().getResourceAsStream(classFile)) {
            Files.copy(in, target);
        }
        Files.writeString(app.resolve("index.html"), "<p>static</p>");
        Files.writeString(app.resolve("WEB-INF/web.xml"), """
                <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.1">
                  <servlet><servlet-name>war</servlet-name><servlet-class>%s</servlet-class>
                    <init-param><param-name>mode</param-name><param-value>packed</param-value></init-param></servlet>
                  <servlet-mapping><servlet-name>war</servlet-name><url-pattern>/hello</url-pattern></servlet-mapping>
                </web-app>
                """.formatted(WarServlet.class.getName()));
        return app;
    }

    private Path war(Path app) throws IOException {
        Path war = dir.resolve("app.war");
        try (OutputStream file = Files.newOutputStream(war); ZipOutputStream zip = new ZipOutputStream(file);
             Stream<Path> files = Files.walk(app)) {
            for (Path path : files.filter(Files::isRegularFile).toList()) {
                zip.putNextEntry(new ZipEntry(app.relativize(path).toString().replace('\\', '/')));
                Files.copy(path, zip);
                zip.closeEntry();
            }
        }
        return war;
    }

    @Test
    void servesAnUnpackedWebApplicationWithItsOwnClassesFirst() throws Exception {
        try (ServletApplication app = ServletApplication.fromWebApp(webApp())) {
            TestClient client = new TestClient(app);
            assertEquals("gateway-webapp packed <p>static</p>", client.get("/hello").text());
            // The initializers of the server's own class path (ServiceLoadedInitializer) are not the WAR's.
            assertEquals(404, client.get("/discovered").statusCode());
        }
    }

    @Test
    void servesAWarAndRemovesWhatItUnpackedOnClose() throws Exception {
        ServletApplication app = ServletApplication.fromWebApp(war(webApp()));
        Path unpacked = Path.of(app.servletContext().getRealPath("/"));
        assertTrue(Files.isDirectory(unpacked));
        assertEquals("gateway-webapp packed <p>static</p>", new TestClient(app).get("/hello").text());
        app.close();
        assertFalse(Files.exists(unpacked));
    }

    @Test
    void refusesAWarEntryOutsideItsDirectory() throws Exception {
        Path war = dir.resolve("evil.war");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(war))) {
            zip.putNextEntry(new ZipEntry("../escaped.txt"));
            zip.write(1);
            zip.closeEntry();
        }
        assertThrows(UncheckedIOException.class, () -> ServletApplication.fromWebApp(war));
        assertFalse(Files.exists(dir.resolve("escaped.txt")));
    }
}
