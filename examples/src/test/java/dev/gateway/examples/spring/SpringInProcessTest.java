package dev.gateway.examples.spring;

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

/** The Spring MVC example in process: deployed from the class path, called through the test client under Lint. */
@Timeout(30)
class SpringInProcessTest {

    private static ServletApplication app;
    private static TestClient client;

    @BeforeAll
    static void deploy() {
        app = ServletApplication.fromClasspath();
        client = new TestClient(app);
    }

    @AfterAll
    static void undeploy() {
        app.close();
    }

    private static TestResponse post(String text) throws Exception {
        return client.send(TestRequest.post("/notes").header("Content-Type", "application/json")
                .body("{\"text\":\"" + text + "\"}"));
    }

    @Test
    void createsAndReadsNotesAsJson() throws Exception {
        TestResponse created = post("buy milk");
        assertEquals(201, created.statusCode());
        assertTrue(created.header("Content-Type").startsWith("application/json"), created.header("Content-Type"));
        assertTrue(created.text().matches("\\{\"id\":\\d+,\"text\":\"buy milk\"}"), created.text());
        String id = created.text().replaceAll("\\D+", " ").trim();
        TestResponse read = client.get("/notes/" + id);
        assertEquals(200, read.statusCode());
        assertEquals(created.text(), read.text());
    }

    @Test
    void searchesWithARequestParameter() throws Exception {
        post("walk the dog");
        post("water plants");
        String found = client.get("/notes?contains=dog").text();
        assertTrue(found.startsWith("[") && found.contains("walk the dog") && !found.contains("water"), found);
    }

    @Test
    void theExceptionHandlerAnswers404AsJson() throws Exception {
        TestResponse missing = client.get("/notes/999999");
        assertEquals(404, missing.statusCode(), missing.errors());
        assertEquals("{\"error\":\"no note 999999\"}", missing.text());
    }

    @Test
    void aDeferredResultIsAnsweredFromAnotherThread() throws Exception {
        String id = post("later").text().replaceAll("\\D+", " ").trim();
        TestResponse later = client.get("/notes/" + id + "/later?delayMillis=20");
        assertEquals(200, later.statusCode());
        assertTrue(later.text().contains("\"text\":\"later\""), later.text());
        assertEquals(404, client.get("/notes/424242/later").statusCode());
    }

    @Test
    void springAnswersWhatItDoesNotKnow() throws Exception {
        assertEquals(404, client.get("/nothing/here").statusCode());
        assertEquals(405, client.send(TestRequest.of("DELETE", "/notes")).statusCode());
        assertEquals(400, client.send(TestRequest.post("/notes").header("Content-Type", "application/json")
                .body("{not json")).statusCode());
        assertEquals(415, client.send(TestRequest.post("/notes").header("Content-Type", "text/plain").body("x")).statusCode());
    }

    @Test
    void uploadsAFileAsMultipart() throws Exception {
        String id = post("with attachment").text().replaceAll("\\D+", " ").trim();
        String boundary = "gatewayBoundary42";
        String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"notes.txt\"\r\n"
                + "Content-Type: text/plain\r\n\r\nhello attachment\r\n--" + boundary + "--\r\n";
        TestResponse response = client.send(TestRequest.post("/notes/" + id + "/attachments")
                .header("Content-Type", "multipart/form-data; boundary=" + boundary).body(body));
        assertEquals(200, response.statusCode(), response.errors());
        assertTrue(response.text().contains("\"name\":\"notes.txt\""), response.text());
        assertTrue(response.text().contains("\"size\":16"), response.text());
    }
}
