package dev.gateway.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gateway.spi.testing.TestClient;
import dev.gateway.spi.testing.TestRequest;
import dev.gateway.spi.testing.TestResponse;
import jakarta.servlet.MultipartConfigElement;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Part;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** multipart/form-data (section 3.2) within the limits of the servlet's MultipartConfig. */
class MultipartTest {

    private static final String BOUNDARY = "----gateway7MA4YWxkTrZu0gW";

    @TempDir
    Path location;

    /** A multipart body: a text field, then a file. */
    private static byte[] body(String field, byte[] file) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(("preamble to ignore\r\n--" + BOUNDARY + "\r\n"
                + "Content-Disposition: form-data; name=\"title\"\r\n\r\n" + field + "\r\n--" + BOUNDARY + "\r\n"
                + "Content-Disposition: form-data; name=\"upload\"; filename=\"r\u00e9sum\u00e9 \\\"1\\\".txt\"\r\n"
                + "Content-Type: text/plain\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        out.writeBytes(file);
        out.writeBytes(("\r\n--" + BOUNDARY + "--\r\nepilogue").getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private static TestRequest upload(byte[] body) {
        return TestRequest.post("/upload").header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY).body(body);
    }

    private ServletApplication app(MultipartConfigElement config, List<Path> files) {
        return ServletApplication.builder().requestCharacterEncoding("UTF-8").servlet("upload", Servlets.of((request, response) -> {
            StringBuilder out = new StringBuilder(request.getParameter("title") + "|");
            for (Part part : request.getParts()) {
                out.append(part.getName()).append(':').append(part.getSubmittedFileName()).append(':')
                        .append(part.getSize()).append(':').append(part.getContentType()).append('|');
            }
            Part upload = request.getPart("upload");
            upload.write("copy.bin");
            files.add(location.resolve("copy.bin"));
            response.setCharacterEncoding("UTF-8");
            response.getWriter().write(out.toString());
        }), r -> {
            r.addMapping("/upload");
            r.setMultipartConfig(config);
        }).build();
    }

    @Test
    void partsAndFieldsWithinTheLimits() throws Exception {
        byte[] file = "line one\r\n--not a boundary\r\nline two".getBytes(StandardCharsets.UTF_8);
        List<Path> written = new ArrayList<>();
        TestClient client = new TestClient(app(new MultipartConfigElement(location.toString(), 1_000_000, 2_000_000, 4), written));
        TestResponse response = client.send(upload(body("Ünïcode", file)));
        assertEquals(200, response.statusCode(), response.errors());
        assertEquals("Ünïcode|title:null:9:null|upload:résumé \"1\".txt:" + file.length + ":text/plain|", response.text());
        assertEquals(new String(file, StandardCharsets.UTF_8), Files.readString(written.get(0)));
        try (var left = Files.list(location)) {
            assertEquals(List.of("copy.bin"), left.map(p -> p.getFileName().toString()).toList(), "temporary files are deleted");
        }
    }

    @Test
    void aLargeFileStreamsToDiskAndBack() throws Exception {
        byte[] file = new byte[3_000_000];
        new java.util.Random(3).nextBytes(file);
        List<Path> written = new ArrayList<>();
        TestClient client = new TestClient(app(new MultipartConfigElement(location.toString(), -1, -1, 1024), written));
        assertEquals(200, client.send(upload(body("big", file))).statusCode());
        assertTrue(java.util.Arrays.equals(file, Files.readAllBytes(written.get(0))));
    }

    @Test
    void overTheLimitsIs413() throws Exception {
        List<Path> written = new ArrayList<>();
        TestClient perFile = new TestClient(app(new MultipartConfigElement(location.toString(), 10, -1, 0), written));
        assertEquals(413, perFile.send(upload(body("x", new byte[11]))).statusCode());
        TestClient perRequest = new TestClient(app(new MultipartConfigElement(location.toString(), -1, 100, 0), written));
        assertEquals(413, perRequest.send(upload(body("x", new byte[200]))).statusCode());
    }

    @Test
    void withoutAConfigOrMultipartBodyGetPartsRefuses() throws Exception {
        TestClient client = new TestClient(ServletApplication.builder().servlet("s", Servlets.of((request, response) -> {
            assertThrows(IllegalStateException.class, request::getParts);
            assertFalse(request.getParameterNames().hasMoreElements());
            response.getWriter().write("refused");
        }), "/upload").build());
        assertEquals("refused", client.send(upload(body("x", new byte[1]))).text());
        TestClient notMultipart = new TestClient(ServletApplication.builder().servlet("s", Servlets.of((request, response) -> {
            assertThrows(ServletException.class, request::getParts);
            response.getWriter().write("not multipart");
        }), r -> {
            r.addMapping("/upload");
            r.setMultipartConfig(new MultipartConfigElement(""));
        }).build());
        assertEquals("not multipart", notMultipart.send(TestRequest.post("/upload").body("x")).text());
    }
}
