package dev.gateway.spi.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gateway.spi.Application;
import dev.gateway.spi.Header;
import dev.gateway.spi.lint.Lint;
import dev.gateway.spi.testing.TestClient;
import dev.gateway.spi.testing.TestResponse;
import java.io.File;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The examples of docs/spec.md compile against gateway-spi and do what the spec says, under Lint. */
class SpecExamplesTest {

    private static final Pattern CLASS_NAME = Pattern.compile("public final class (\\w+)");

    @TempDir
    static Path build;
    private static URLClassLoader loader;

    @BeforeAll
    static void compileTheExamples() throws Exception {
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        assertNotNull(compiler, "tests run on a JDK");
        List<String> arguments = new ArrayList<>(List.of("--release", "21", "-d", build.toString(), "-classpath",
                Path.of(Application.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString()));
        for (String source : SpecDocument.javaClasses()) {
            Matcher name = CLASS_NAME.matcher(source);
            assertTrue(name.find());
            Path file = build.resolve(name.group(1) + ".java");
            Files.writeString(file, source);
            arguments.add(file.toString());
        }
        assertEquals(0, compiler.run(null, null, null, arguments.toArray(String[]::new)), "the examples compile");
        loader = new URLClassLoader(new java.net.URL[] {build.toUri().toURL()}, SpecExamplesTest.class.getClassLoader());
    }

    private static Application greeter() throws Exception {
        return (Application) loader.loadClass("Greeter").getConstructor().newInstance();
    }

    @Test
    void theApplicationExample() throws Exception {
        assertEquals("Hello, Ada!\n", new TestClient(greeter()).get("/?name=Ada").text());
    }

    @Test
    void theMiddlewareExample() throws Exception {
        Application app = (Application) loader.loadClass("AddHeader").getConstructor(Application.class, Header.class)
                .newInstance(greeter(), Header.of("X-Frame-Options", "DENY"));
        TestResponse response = new TestClient(app).get("/");
        assertEquals("DENY", response.header("X-Frame-Options"));
        assertEquals("text/plain; charset=utf-8", response.header("Content-Type"));
    }

    @Test
    void theWebSocketExampleEchoesAndDeclinesOrdinaryRequests() throws Exception {
        Application echo = (Application) loader.loadClass("EchoSocket").getConstructor().newInstance();
        try (dev.gateway.spi.testing.TestWebSocket socket = new TestClient(echo).websocket("/")) {
            socket.sendText("ping?");
            assertEquals("ping?", socket.receive().text());
        }
        assertEquals(426, new TestClient(echo).get("/").statusCode());
    }

    @Test
    void theToyServerExampleKeepsTheServerRules() throws Exception {
        Lint lint = new Lint(greeter());
        AtomicReference<Throwable> failure = new AtomicReference<>();
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread server = new Thread(() -> {
                try (Socket socket = listener.accept()) {
                    loader.loadClass("ToyServer").getMethod("serve", Application.class, Socket.class).invoke(null, lint, socket);
                } catch (Throwable t) {
                    failure.set(t);
                }
            });
            server.start();
            try (Socket client = new Socket(listener.getInetAddress(), listener.getLocalPort())) {
                client.setSoTimeout(10_000);
                OutputStream out = client.getOutputStream();
                out.write("GET /?name=Toy HTTP/1.0\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                String response = new String(client.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
                assertTrue(response.startsWith("HTTP/1.0 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\n"), response);
                assertTrue(response.endsWith("\r\n\r\nHello, Toy!\n"), response);
            }
            server.join(10_000);
        }
        assertEquals(null, failure.get());
        lint.verify();
        assertTrue(new File(build.toFile(), "ToyServer.class").isFile());
    }
}
