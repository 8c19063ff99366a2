package dev.gateway.examples.jersey;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gateway.servlet.ServletApplication;
import dev.gateway.spi.testing.TestClient;
import dev.gateway.spi.testing.TestRequest;
import dev.gateway.spi.testing.TestResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The Jersey example in process: deployed from the class path, called through the test client under Lint. */
@Timeout(30)
class JerseyInProcessTest {

    private static ServletApplication app;
    private static TestClient client;

    @BeforeAll
    static void deploy() throws Exception {
        app = ServletApplication.fromClasspath();
        client = new TestClient(app).startup();
    }

    @AfterAll
    static void undeploy() {
        app.close();
    }

    static TestResponse post(TestClient client, String title) throws Exception {
        return client.send(TestRequest.post("/api/todos").header("Content-Type", "application/json")
                .body("{\"title\":\"" + title + "\"}"));
    }

    static String idOf(TestResponse response) {
        return response.text().replaceAll(".*\"id\":(\\d+).*", "$1");
    }

    @Test
    void createsAndReadsTodosAsJson() throws Exception {
        TestResponse created = post(client, "buy milk");
        assertEquals(201, created.statusCode(), created.errors());
        assertTrue(created.header("Content-Type").startsWith("application/json"), created.header("Content-Type"));
        assertTrue(created.text().matches("\\{\"id\":\\d+,\"title\":\"buy milk\",\"done\":false}"), created.text());
        String id = idOf(created);
        assertEquals("http://localhost/api/todos/" + id, created.header("Location"));
        TestResponse read = client.get("/api/todos/" + id);
        assertEquals(200, read.statusCode());
        assertEquals(created.text(), read.text());
        TestResponse done = client.send(TestRequest.of("PUT", "/api/todos/" + id + "/done"));
        assertEquals(200, done.statusCode());
        assertTrue(done.text().endsWith("\"done\":true}"), done.text());
    }

    @Test
    void searchesWithQueryParameters() throws Exception {
        post(client, "walk the dog");
        post(client, "water plants");
        String found = client.get("/api/todos?contains=dog&done=false").text();
        assertTrue(found.startsWith("[") && found.contains("walk the dog") && !found.contains("water"), found);
        assertEquals("[]", client.get("/api/todos?contains=dog&done=true").text());
    }

    @Test
    void theExceptionMapperAnswers404AsJson() throws Exception {
        TestResponse missing = client.get("/api/todos/999999");
        assertEquals(404, missing.statusCode(), missing.errors());
        assertEquals("{\"error\":\"no todo 999999\"}", missing.text());
    }

    @Test
    void aSuspendedRequestIsResumedFromAnotherThread() throws Exception {
        String id = idOf(post(client, "later"));
        TestResponse later = client.get("/api/todos/" + id + "/later?delayMillis=20");
        assertEquals(200, later.statusCode(), later.errors());
        assertTrue(later.text().contains("\"title\":\"later\""), later.text());
        assertEquals(404, client.get("/api/todos/424242/later").statusCode());
    }

    @Test
    void jerseyAnswersWhatItDoesNotKnow() throws Exception {
        assertEquals(404, client.get("/api/nothing").statusCode());
        assertEquals(405, client.send(TestRequest.of("DELETE", "/api/todos")).statusCode());
        assertEquals(400, client.send(TestRequest.post("/api/todos").header("Content-Type", "application/json")
                .body("{not json")).statusCode());
        assertEquals(400, post(client, " ").statusCode());
        assertEquals(415, client.send(TestRequest.post("/api/todos").header("Content-Type", "text/plain").body("x")).statusCode());
        assertEquals(404, client.get("/api/todos/not-a-number").statusCode());
    }
}
