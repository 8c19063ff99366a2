package dev.gateway.examples.tomcat;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gateway.examples.jersey.TodoNotFoundMapper;
import dev.gateway.examples.jersey.TodosApp;
import dev.gateway.examples.jersey.TodosResource;
import dev.gateway.examples.spring.SpringApp;
import dev.gateway.server.config.Settings;
import dev.gateway.server.embed.Gateway;
import dev.gateway.server.embed.RunningGateway;
import dev.gateway.servlet.ServletApplication;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.glassfish.jersey.servlet.init.JerseyServletContainerInitializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.web.SpringServletContainerInitializer;

/**
 * The Spring and Jersey examples on Tomcat 11 embedded and on gateway, deployed the same way (by
 * their container initializers): the same requests, in the same order, get the same status, the
 * same headers that matter and the same bodies. Where a container writes its own error page (Tomcat
 * HTML, gateway plain text: docs/servlet.md lists why), only the status and {@code Allow} are compared.
 */
@Timeout(90)
class TomcatComparisonTest {

    /** Headers whose value an application or container decides (not framing: Tomcat chunks more often). */
    private static final List<String> HEADERS = List.of("content-type", "location", "allow", "content-language",
            "vary", "content-disposition", "cache-control");
    private static final String MULTIPART_TYPE = "multipart/form-data; boundary=XyZ";

    @TempDir
    Path dir;

    /** One request of the list; {@code containerPage}: the body is the container's own error page. */
    record Exchange(String method, String path, String contentType, String body, String accept, boolean containerPage) {

        static Exchange get(String path) {
            return new Exchange("GET", path, null, null, null, false);
        }

        static Exchange of(String method, String path) {
            return new Exchange(method, path, null, null, null, false);
        }

        static Exchange json(String method, String path, String body) {
            return new Exchange(method, path, "application/json", body, null, false);
        }

        Exchange accept(String type) {
            return new Exchange(method, path, contentType, body, type, containerPage);
        }

        Exchange type(String type) {
            return new Exchange(method, path, type, body, accept, containerPage);
        }

        Exchange page() {
            return new Exchange(method, path, contentType, body, accept, true);
        }

        @Override
        public String toString() {
            return method + " " + path + (contentType == null ? "" : " (" + contentType + ")") + (accept == null ? "" : " Accept: " + accept);
        }
    }

    private static String multipart(String... fields) {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < fields.length; i += 2) {
            body.append("--XyZ\r\nContent-Disposition: form-data; name=\"").append(fields[i]).append('"');
            if (fields[i].equals("file")) {
                body.append("; filename=\"notes.txt\"\r\nContent-Type: text/plain");
            }
            body.append("\r\n\r\n").append(fields[i + 1]).append("\r\n");
        }
        return body.append("--XyZ--\r\n").toString();
    }

    /** About fifty requests over both applications; state builds up in the same order on both servers. */
    static List<Exchange> exchanges() {
        return List.of(
                // Spring MVC
                Exchange.get("/hello"),
                Exchange.get("/hello.json"),
                Exchange.of("HEAD", "/hello"),
                Exchange.of("HEAD", "/hello.json"),
                Exchange.get("/hello?name=a&name=b"),
                Exchange.json("POST", "/notes", "{\"text\":\"buy milk\"}"),
                Exchange.json("POST", "/notes", "{\"text\":\"caf\u00e9 au lait\"}").type("application/json; charset=UTF-8"),
                Exchange.get("/notes/1"),
                Exchange.get("/notes/2"),
                Exchange.get("/notes/%31"),
                Exchange.get("/notes/999"),
                Exchange.get("/notes?contains=milk"),
                Exchange.get("/notes?contains=caf%C3%A9"),
                Exchange.get("/notes"),
                Exchange.get("/notes/1/later?delayMillis=5"),
                Exchange.get("/notes/77/later?delayMillis=5"),
                Exchange.json("POST", "/notes", "{not json").page(),
                Exchange.json("POST", "/notes", "x").type("text/plain").page(),
                Exchange.of("DELETE", "/notes").page(),
                Exchange.of("OPTIONS", "/notes"),
                Exchange.get("/nothing/here").page(),
                Exchange.get("/notes/abc").page(),
                Exchange.get("/hello").accept("application/json").page(),
                Exchange.get("/hello.json").accept("text/html").page(),
                Exchange.get("/hello.json").accept("application/json, */*;q=0.5"),
                Exchange.get("/hello/").page(),
                Exchange.get("/notes/1;jsessionid=abc"),
                new Exchange("POST", "/notes/1/attachments", MULTIPART_TYPE, multipart("file", "hello world"), null, false),
                new Exchange("POST", "/notes/1/attachments", MULTIPART_TYPE, multipart("other", "x"), null, true),
                new Exchange("POST", "/notes/9/attachments", MULTIPART_TYPE, multipart("file", "x"), null, false),
                // Jersey
                Exchange.json("POST", "/api/todos", "{\"title\":\"buy milk\"}"),
                Exchange.json("POST", "/api/todos", "{\"title\":\"\u00fcben\"}").type("application/json; charset=UTF-8"),
                Exchange.get("/api/todos/1"),
                Exchange.get("/api/todos/2"),
                Exchange.get("/api/todos/999"),
                Exchange.get("/api/todos?contains=milk&done=false"),
                Exchange.of("PUT", "/api/todos/1/done"),
                Exchange.get("/api/todos?done=true"),
                Exchange.get("/api/todos"),
                Exchange.get("/api/todos/1/later?delayMillis=5"),
                Exchange.get("/api/todos/999/later?delayMillis=5"),
                Exchange.json("POST", "/api/todos", "{not json"),
                Exchange.json("POST", "/api/todos", "{\"title\":\" \"}"),
                Exchange.json("POST", "/api/todos", "x").type("text/plain").page(),
                Exchange.of("DELETE", "/api/todos").page(),
                Exchange.of("OPTIONS", "/api/todos/1"),
                Exchange.of("HEAD", "/api/todos/1"),
                Exchange.get("/api/todos/abc").page(),
                Exchange.get("/api/nothing").page(),
                Exchange.get("/api/todos/1").accept("application/xml").page(),
                Exchange.get("/api/todos/1").accept("application/json;q=0.9, text/plain;q=0.1"));
    }

    /** Status, the headers that matter and the body of one exchange, with the server's port taken out. */
    record Answer(int status, List<String> headers, String body) {
    }

    private static List<Answer> run(URI base, List<Exchange> exchanges) throws Exception {
        HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        List<Answer> answers = new ArrayList<>();
        for (Exchange exchange : exchanges) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + exchange.path()))
                    .method(exchange.method(), exchange.body() == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(exchange.body(), StandardCharsets.UTF_8));
            if (exchange.contentType() != null) {
                request.header("Content-Type", exchange.contentType());
            }
            if (exchange.accept() != null) {
                request.header("Accept", exchange.accept());
            }
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            String port = ":" + base.getPort();
            List<String> headers = new ArrayList<>();
            for (String name : HEADERS) {
                if (exchange.containerPage() && !name.equals("allow")) {
                    continue;
                }
                response.headers().allValues(name).forEach(v -> headers.add(name + ": " + v.replace(port, ":PORT")));
            }
            answers.add(new Answer(response.statusCode(), headers,
                    exchange.containerPage() ? "(container page)" : response.body().replace(port, ":PORT")));
        }
        return answers;
    }

    private List<Answer> onTomcat(List<Exchange> exchanges) throws Exception {
        try (EmbeddedTomcat tomcat = EmbeddedTomcat.start(dir, context -> {
            context.addServletContainerInitializer(new SpringServletContainerInitializer(), Set.of(SpringApp.class));
            context.addServletContainerInitializer(new JerseyServletContainerInitializer(),
                    Set.of(TodosApp.class, TodosResource.class, TodoNotFoundMapper.class));
        })) {
            return run(tomcat.baseUri(), exchanges);
        }
    }

    private static List<Answer> onGateway(List<Exchange> exchanges) throws Exception {
        try (ServletApplication app = ServletApplication.fromClasspath();
             RunningGateway gateway = Gateway.builder(app).set(Settings.THREADS, 4).start()) {
            return run(URI.create("http://127.0.0.1:" + gateway.baseUri().getPort()), exchanges);
        }
    }

    @Test
    void gatewayAnswersAsTomcatDoes() throws Exception {
        List<Exchange> exchanges = exchanges();
        // The two servers run at once, each with its own instance of the applications.
        CompletableFuture<List<Answer>> tomcat = CompletableFuture.supplyAsync(() -> {
            try {
                return onTomcat(exchanges);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        List<Answer> gateway = onGateway(exchanges);
        List<Answer> expected = tomcat.get();
        assertTrue(exchanges.size() >= 50, "about fifty requests");
        // The applications work (two failures alike would compare equal): a few answers as they should be.
        assertTrue(gateway.get(0).body().equals("Hello, World!"), gateway.get(0).toString());
        assertTrue(gateway.get(27).body().contains("\"size\":11"), gateway.get(27).toString());
        assertTrue(gateway.get(30).headers().contains("location: http://127.0.0.1:PORT/api/todos/1"), gateway.get(30).toString());
        List<String> differences = new ArrayList<>();
        for (int i = 0; i < exchanges.size(); i++) {
            if (!expected.get(i).equals(gateway.get(i))) {
                differences.add(exchanges.get(i) + "\n  tomcat:  " + expected.get(i) + "\n  gateway: " + gateway.get(i));
            }
        }
        assertTrue(differences.isEmpty(), differences.size() + " of " + exchanges.size() + " differ:\n" + String.join("\n", differences));
    }
}
