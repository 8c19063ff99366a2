package dev.gateway.examples.tomcat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gateway.server.config.Settings;
import dev.gateway.server.embed.Gateway;
import dev.gateway.server.embed.RunningGateway;
import dev.gateway.servlet.ServletApplication;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input and faults (issue 16's last section) over HTTP, on gateway and on Tomcat 11 with the same
 * {@link FaultyApp}: the statuses must be the ones Tomcat gives, each fault is answered (never a
 * dropped connection), and the application still serves afterwards (the worker stays up). The requests of each server run
 * concurrently.
 */
@Timeout(60)
class ServletFaultsOverHttpTest {

    private static final String FORM = "application/x-www-form-urlencoded";
    private static final String MULTIPART = "multipart/form-data; boundary=XyZ";

    @TempDir
    Path dir;

    /**
     * One faulty request, the status gateway answers it with, and Tomcat 11's when it differs (else
     * the same); docs/servlet.md lists each difference and why.
     */
    record Fault(String what, String method, String path, String contentType, String body, int status, int tomcat) {

        Fault(String what, String method, String path, String contentType, String body, int status) {
            this(what, method, path, contentType, body, status, status);
        }
    }

    static List<Fault> faults() {
        return List.of(
                // Tomcat finds no part in a body without a delimiter, and fails with 500 on a cut one.
                new Fault("malformed multipart body", "POST", "/upload", MULTIPART, "no delimiter anywhere", 400, 200),
                new Fault("multipart body cut inside a part", "POST", "/upload", MULTIPART,
                        "--XyZ\r\nContent-Disposition: form-data; name=\"f\"\r\n\r\nabc", 400, 500),
                new Fault("part over maxFileSize", "POST", "/upload", MULTIPART,
                        "--XyZ\r\nContent-Disposition: form-data; name=\"f\"; filename=\"f.txt\"\r\n\r\n"
                                + "x".repeat(100) + "\r\n--XyZ--\r\n", 413),
                new Fault("undecodable form body", "POST", "/form", FORM, "a=%zz%C3", 400),
                new Fault("servlet init throws", "GET", "/init-fails", null, null, 500),
                new Fault("servlet init throws, again (init is retried)", "GET", "/init-fails", null, null, 500),
                new Fault("servlet init is unavailable", "GET", "/init-unavailable", null, null, 503),
                new Fault("servlet throws", "GET", "/throws", null, null, 500),
                new Fault("filter never calls the chain", "GET", "/stopped/x", null, null, 200),
                new Fault("async request never completes (its timeout fires)", "GET", "/async-never", null, null, 500),
                new Fault("well-formed multipart", "POST", "/upload", MULTIPART,
                        "--XyZ\r\nContent-Disposition: form-data; name=\"f\"\r\n\r\nabc\r\n--XyZ--\r\n", 200),
                new Fault("well-formed form", "POST", "/form", FORM, "a=%C3%A9", 200));
    }

    private static List<Integer> statuses(URI base) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
        for (Fault fault : faults()) {
            HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(fault.path()))
                    .method(fault.method(), fault.body() == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(fault.body()));
            if (fault.contentType() != null) {
                request.header("Content-Type", fault.contentType());
            }
            responses.add(client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString()));
            if (fault.what().endsWith("again (init is retried)")) {
                responses.getLast().join(); // the two init failures in order, each a first use
            }
        }
        List<Integer> statuses = new ArrayList<>();
        for (CompletableFuture<HttpResponse<String>> response : responses) {
            statuses.add(response.get().statusCode());
        }
        HttpResponse<String> ok = client.send(HttpRequest.newBuilder(base.resolve("/ok")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals("ok", ok.body(), "the application serves after the faults");
        return statuses;
    }

    @Test
    void eachFaultGetsTheStatusTomcatGives() throws Exception {
        List<Integer> expected = faults().stream().map(Fault::status).toList();
        List<Integer> expectedOfTomcat = faults().stream().map(Fault::tomcat).toList();
        List<Integer> gateway;
        try (ServletApplication app = ServletApplication.builder().initializer(new FaultyApp()).build();
             RunningGateway server = Gateway.builder(app).set(Settings.THREADS, 4).start()) {
            gateway = statuses(server.baseUri());
        }
        assertEquals(expected, gateway, "gateway, in the order of " + faults());
        assertEquals(expectedOfTomcat, onTomcat(), "Tomcat, in the order of " + faults());
    }

    private List<Integer> onTomcat() throws Exception {
        try (EmbeddedTomcat tomcat = EmbeddedTomcat.start(dir, context -> context.addServletContainerInitializer(new FaultyApp(), null))) {
            return statuses(tomcat.baseUri());
        }
    }
}
