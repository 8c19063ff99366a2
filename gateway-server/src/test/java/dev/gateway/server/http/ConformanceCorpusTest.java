package dev.gateway.server.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.gateway.server.config.ProxyProtocol;
import dev.gateway.server.config.Settings;
import dev.gateway.server.embed.Gateway;
import dev.gateway.server.embed.RunningGateway;
import dev.gateway.server.support.JsonTree;
import dev.gateway.spi.Application;
import dev.gateway.testapps.EchoEnviron;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Gunicorn's request-parser corpus (../shared/conformance/gunicorn-requests, MIT-licensed data kept
 * outside the repository) sent over real sockets to {@link EchoEnviron}, each case in several
 * chunkings. Valid cases: method, PATH_INFO, QUERY_STRING, every header, body and request count must
 * match. Invalid cases: the application never completes, the answer is Gunicorn's status, then close.
 *
 * <p>Each case's bytes are followed by the end of the input (a half-closed connection), as in
 * Gunicorn's harness, so errors found only at the end count. Tolerances, each named: every server runs with {@code require_host=false}, because Gunicorn
 * accepts HTTP/1.1 without Host (19 valid cases) while our default refuses it (RFC 9112 section
 * 3.2); trailers are not compared (the environ has none; the body must still parse); for an
 * authority-form target (CONNECT) PATH_INFO is empty (spec rule ENV-6: the target names no path),
 * where Python's urlsplit reports an artifact ("443" for {@code example.com:443}).
 */
class ConformanceCorpusTest {

    private static final Path CORPUS = Path.of(System.getProperty("gateway.shared.dir", "../../shared"))
            .resolve("conformance/gunicorn-requests");

    /** Errors raised while the body is read: the application has been called, its body read must fail. */
    private static final Set<String> BODY_ERRORS = Set.of("InvalidChunkSize", "InvalidChunkExtension", "ChunkMissingTerminator");

    /**
     * Cases where this server deliberately differs from Gunicorn, each with the reason. The test
     * asserts our behaviour for them instead (a 400, a close, and either the application never
     * called or its body read failed), and the pass counts leave them out. Keyed by folder and name:
     * both folders have a 009.
     */
    static final Map<String, Deviation> DEVIATIONS = Map.of(
            "valid/009", Deviation.inHead("Transfer-Encoding: identity with Content-Length: 5: Gunicorn skips identity and "
                    + "reads the body by Content-Length; here a Transfer-Encoding whose final coding is not chunked "
                    + "leaves the length undetermined (RFC 9112 section 6.3 item 4), and one with Content-Length may "
                    + "be smuggling (section 6.3 item 3): 400 before the application is called"),
            "valid/099", Deviation.inBody("Content-Length 17914 but the input ends after 8599 body bytes: Gunicorn hands the short "
                    + "body to the application; here the incomplete message (RFC 9112 section 8) fails the body "
                    + "read and is answered 400"));

    /** A deviation's reason, and where we refuse the request: in its head, or while its body is read. */
    record Deviation(String reason, boolean refusedInHead) {
        static Deviation inHead(String reason) {
            return new Deviation(reason, true);
        }

        static Deviation inBody(String reason) {
            return new Deviation(reason, false);
        }
    }

    private static final Map<String, RunningGateway> SERVERS = new ConcurrentHashMap<>();
    private static final Map<String, Recorder> RECORDERS = new ConcurrentHashMap<>();
    private static final Map<String, Map<String, Integer>> PASSED = new TreeMap<>();
    private static final Map<String, Integer> TOTAL = new TreeMap<>();

    enum Chunking { ALL_AT_ONCE, LINE_BY_LINE, ONE_BYTE, RANDOM }

    /** One case in one chunking: the default bound of every test (junit-platform.properties). */
    private static final Duration CASE_TIMEOUT = Duration.ofMinutes(2);

    @TestFactory
    Stream<DynamicNode> corpus() throws IOException {
        if (!Files.isDirectory(CORPUS)) {
            // One test, skipped (an aborted factory is counted nowhere), or failed in CI; Surefire
            // counts a skip without its reason, so the reason is printed too.
            String reason = "conformance corpus absent at " + CORPUS.toAbsolutePath() + " (set -Dgateway.shared.dir)";
            return Stream.of(DynamicTest.dynamicTest("corpus present", () -> {
                if ("true".equals(System.getenv("CI"))) {
                    fail(reason + "; CI must run it");
                }
                System.out.println("ConformanceCorpusTest skipped: " + reason);
                Assumptions.abort(reason);
            }));
        }
        List<DynamicNode> folders = new ArrayList<>();
        for (String folder : List.of("valid", "invalid")) {
            List<DynamicNode> cases = new ArrayList<>();
            try (Stream<Path> files = Files.list(CORPUS.resolve(folder))) {
                for (Path json : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                    cases.add(caseNode(folder, json));
                }
            }
            folders.add(DynamicContainer.dynamicContainer(folder, cases));
        }
        return folders.stream();
    }

    private static DynamicNode caseNode(String folder, Path json) throws IOException {
        @SuppressWarnings("unchecked")
        Map<String, Object> spec = (Map<String, Object>) JsonTree.parse(Files.readString(json));
        String name = (String) spec.get("name");
        byte[] wire = wireBytes(Files.readAllBytes(json.resolveSibling(name + ".http")));
        synchronized (TOTAL) {
            TOTAL.merge(folder, 1, Integer::sum);
        }
        List<DynamicTest> tests = new ArrayList<>();
        for (Chunking chunking : Chunking.values()) {
            tests.add(DynamicTest.dynamicTest(chunking.name(), () -> {
                // junit.jupiter.execution.timeout.default bounds the factory, not the dynamic tests it makes.
                assertTimeoutPreemptively(CASE_TIMEOUT, () -> runCase(spec, wire, chunking));
                if (DEVIATIONS.containsKey(folder + "/" + name)) {
                    return;
                }
                synchronized (TOTAL) {
                    PASSED.computeIfAbsent(folder + "/" + chunking, k -> new HashMap<>()).merge(name, 1, Integer::sum);
                }
            }));
        }
        return DynamicContainer.dynamicContainer(name, tests);
    }

    @AfterAll
    static void stopServersAndReport() {
        SERVERS.values().forEach(RunningGateway::close);
        SERVERS.clear();
        StringBuilder report = new StringBuilder("Gunicorn corpus pass counts (cases passing in that chunking; "
                + "named deviations " + DEVIATIONS.keySet() + " are checked against our own behaviour and not counted):");
        for (String folder : TOTAL.keySet()) {
            for (Chunking chunking : Chunking.values()) {
                int passed = PASSED.getOrDefault(folder + "/" + chunking, Map.of()).size();
                report.append(String.format("%n  %-8s %-13s %d/%d", folder, chunking, passed, TOTAL.get(folder)));
            }
        }
        System.out.println(report);
    }

    // ---- one case ---------------------------------------------------------------------------------

    @SuppressWarnings("unchecked")
    private static void runCase(Map<String, Object> spec, byte[] wire, Chunking chunking) throws Exception {
        Map<String, Object> config = (Map<String, Object>) spec.get("config");
        String key = new TreeMap<>(config).toString();
        RunningGateway server = SERVERS.computeIfAbsent(key, k -> start(k, config));
        Recorder recorder = RECORDERS.get(key);
        recorder.reset();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
            socket.setSoTimeout(10_000);
            socket.setTcpNoDelay(true);
            send(socket, wire, chunking, ((String) spec.get("name")).hashCode());
            // The end of the input, as Gunicorn's harness has it: a half-closed connection.
            socket.shutdownOutput();
            byte[] answer = readUntilClosed(socket.getInputStream());
            Deviation deviation = DEVIATIONS.get(spec.get("kind") + "/" + spec.get("name"));
            if (deviation != null) {
                checkDeviation(deviation, answer, recorder);
            } else if (spec.get("kind").equals("valid")) {
                checkValid((List<Object>) spec.get("requests"), answer);
            } else {
                checkInvalid(spec, answer, recorder);
            }
        }
    }

    private static void checkDeviation(Deviation deviation, byte[] answer, Recorder recorder) throws Exception {
        ResponseReader reader = new ResponseReader(answer);
        ResponseReader.Response response = reader.next();
        assertEquals(400, response.status, "status");
        assertEquals("close", response.headers.get("connection"), "Connection header");
        assertTrue(reader.atEnd(), "nothing may follow the error response");
        if (deviation.refusedInHead()) {
            assertEquals(0, recorder.calls.get(), "the application was called for a refused head");
        } else {
            assertEquals(recorder.calls.get(), recorder.failures.get(), "the application completed with a cut body");
        }
    }

    private static void checkValid(List<Object> requests, byte[] answer) throws IOException {
        ResponseReader reader = new ResponseReader(answer);
        for (Object expected : requests) {
            ResponseReader.Response response = reader.next();
            assertEquals(200, response.status, () -> "status, body: " + new String(response.body, StandardCharsets.ISO_8859_1));
            @SuppressWarnings("unchecked")
            Map<String, Object> request = (Map<String, Object>) expected;
            checkEnviron(request, JsonTree.parseObject(new String(response.body, StandardCharsets.US_ASCII)));
        }
        assertTrue(reader.atEnd(), "more responses than the " + requests.size() + " requests expected");
    }

    @SuppressWarnings("unchecked")
    private static void checkEnviron(Map<String, Object> request, Map<String, Object> environ) {
        Map<String, Object> uri = (Map<String, Object>) request.get("uri");
        String method = (String) request.get("method");
        assertEquals(method, environ.get("REQUEST_METHOD"), "REQUEST_METHOD");
        String path = method.equals("CONNECT") ? "" : percentDecode((String) uri.get("path"));
        assertEquals(path, environ.get("PATH_INFO"), "PATH_INFO");
        assertEquals(uri.get("query"), environ.get("QUERY_STRING"), "QUERY_STRING");
        List<Object> version = (List<Object>) request.get("version");
        assertEquals("HTTP/" + version.get(0) + "." + version.get(1), environ.get("SERVER_PROTOCOL"), "SERVER_PROTOCOL");
        Map<String, Object> expectedHeaders = new TreeMap<>();
        for (Object pair : (List<Object>) request.get("headers")) {
            String name = (String) ((List<Object>) pair).get(0);
            String value = (String) ((List<Object>) pair).get(1);
            // Gunicorn's mapping (wsgi.py): the dashed CGI names, else HTTP_ + name with - as _,
            // repeated fields joined with a comma.
            String envKey = name.equals("CONTENT-TYPE") ? "CONTENT_TYPE" : name.equals("CONTENT-LENGTH") ? "CONTENT_LENGTH"
                    : "HTTP_" + name.replace('-', '_');
            expectedHeaders.merge(envKey, value, (a, b) -> a + "," + b);
        }
        Map<String, Object> actualHeaders = new TreeMap<>();
        environ.forEach((k, v) -> {
            if (k.startsWith("HTTP_") || k.equals("CONTENT_TYPE") || k.equals("CONTENT_LENGTH")) {
                actualHeaders.put(k, v);
            }
        });
        assertEquals(expectedHeaders, actualHeaders, "headers");
        byte[] body = ((String) request.get("body")).getBytes(StandardCharsets.UTF_8);
        assertArrayEquals(body, Base64.getDecoder().decode((String) environ.get("body_base64")), "body");
    }

    private static void checkInvalid(Map<String, Object> spec, byte[] answer, Recorder recorder) throws IOException {
        String error = (String) spec.get("error");
        String name = (String) spec.get("name");
        boolean bodyError = BODY_ERRORS.contains(error) || name.startsWith("rfc9110_trailer_forbidden");
        if (error.equals("NoMoreData")) {
            // Gunicorn answers nothing when the client leaves inside a head.
            assertEquals(0, answer.length, () -> "no answer expected, got " + new String(answer, StandardCharsets.ISO_8859_1));
        } else {
            ResponseReader reader = new ResponseReader(answer);
            ResponseReader.Response response = reader.next();
            int expected = error.equals("LimitRequestHeaders") ? 431 : error.equals("UnsupportedTransferCoding") ? 501 : 400;
            assertEquals(expected, response.status, "status for " + error);
            assertEquals("close", response.headers.get("connection"), "Connection header");
            assertTrue(reader.atEnd(), "nothing may follow the error response");
        }
        if (bodyError) {
            assertEquals(recorder.calls.get(), recorder.failures.get(), "the application completed despite a bad body");
        } else {
            assertEquals(0, recorder.calls.get(), "the application was called for a bad head");
        }
    }

    // ---- servers ----------------------------------------------------------------------------------

    private static RunningGateway start(String key, Map<String, Object> config) {
        Recorder recorder = new Recorder(new EchoEnviron());
        RECORDERS.put(key, recorder);
        Gateway builder = Gateway.builder(recorder).set(Settings.REQUIRE_HOST, false);
        config.forEach((setting, value) -> {
            switch (setting) {
                // Gunicorn clamps a request-line limit above 8190 to 8190; our setting refuses such
                // values with a message, so the clamped value is what is passed.
                case "limit_request_line" -> builder.set(Settings.LIMIT_REQUEST_LINE, (int) Math.min(8190, (Long) value));
                case "limit_request_fields" -> builder.set(Settings.LIMIT_REQUEST_FIELDS, ((Long) value).intValue());
                case "limit_request_field_size" -> builder.set(Settings.LIMIT_REQUEST_FIELD_SIZE, ((Long) value).intValue());
                case "permit_obsolete_folding" -> builder.set(Settings.PERMIT_OBSOLETE_FOLDING, (Boolean) value);
                case "strip_header_spaces" -> builder.set(Settings.STRIP_HEADER_SPACES, (Boolean) value);
                case "permit_unconventional_http_method" -> builder.set(Settings.PERMIT_UNCONVENTIONAL_HTTP_METHOD, (Boolean) value);
                case "casefold_http_method" -> builder.set(Settings.CASEFOLD_HTTP_METHOD, (Boolean) value);
                case "header_map" -> builder.set(Settings.HEADER_MAP, (String) value);
                case "forwarded_allow_ips" -> builder.set(Settings.FORWARDED_ALLOW_IPS, Arrays.asList(((String) value).split(",")));
                // Gunicorn's corpus says true for its auto mode.
                case "proxy_protocol" -> builder.set(Settings.PROXY_PROTOCOL, Boolean.TRUE.equals(value) ? ProxyProtocol.AUTO : ProxyProtocol.OFF);
                default -> fail("setting not mapped: " + setting);
            }
        });
        return builder.start();
    }

    /** Wraps the application to count calls and calls that ended in an exception. */
    static final class Recorder implements Application {
        private final Application app;
        final AtomicInteger calls = new AtomicInteger();
        final AtomicInteger failures = new AtomicInteger();

        Recorder(Application app) {
            this.app = app;
        }

        void reset() {
            calls.set(0);
            failures.set(0);
        }

        @Override
        public Iterable<byte[]> call(dev.gateway.spi.Environ environ, dev.gateway.spi.StartResponse start) throws Exception {
            calls.incrementAndGet();
            try {
                return app.call(environ, start);
            } catch (Exception | Error e) {
                failures.incrementAndGet();
                throw e;
            }
        }
    }

    // ---- wire -------------------------------------------------------------------------------------

    @Test
    void wireBytesDecodesAnEscapeThatEndsTheFileAndRefusesACutOne() {
        assertArrayEquals(new byte[] {'a', 0x7f}, wireBytes("a\\x7f\n".getBytes(StandardCharsets.ISO_8859_1)));
        assertThrows(IllegalArgumentException.class, () -> wireBytes("a\\x7".getBytes(StandardCharsets.ISO_8859_1)));
    }

    /** The corpus README's rule: drop real LFs, then the escapes, in its order. */
    static byte[] wireBytes(byte[] file) {
        String text = new String(file, StandardCharsets.ISO_8859_1).replace("\n", "");
        text = text.replace("\\r\\n", "\r\n").replace("\\0", "\0").replace("\\n", "\n").replace("\\t", "\t");
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 3 < text.length() && text.charAt(i + 1) == 'x'
                    && Character.digit(text.charAt(i + 2), 16) >= 0 && Character.digit(text.charAt(i + 3), 16) >= 0) {
                out.append((char) Integer.parseInt(text.substring(i + 2, i + 4), 16));
                i += 3;
            } else {
                out.append(c);
            }
        }
        if (out.indexOf("\\") >= 0) {
            throw new IllegalArgumentException("malformed corpus file: a backslash is left");
        }
        return out.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Writes the bytes in pieces; the server may answer and stop reading early, which is fine. */
    private static void send(Socket socket, byte[] wire, Chunking chunking, long seed) {
        try {
            OutputStream out = socket.getOutputStream();
            for (int[] piece : pieces(wire, chunking, new Random(seed))) {
                out.write(wire, piece[0], piece[1]);
                out.flush();
            }
        } catch (IOException e) {
            // the server answered and closed before all bytes went out
        }
    }

    private static List<int[]> pieces(byte[] wire, Chunking chunking, Random random) {
        List<int[]> pieces = new ArrayList<>();
        int start = 0;
        while (start < wire.length) {
            int end = switch (chunking) {
                case ALL_AT_ONCE -> wire.length;
                case ONE_BYTE -> start + 1;
                case RANDOM -> Math.min(wire.length, start + 1 + random.nextInt(64));
                case LINE_BY_LINE -> {
                    int crlf = indexOfCrlf(wire, start);
                    yield crlf < 0 ? wire.length : crlf + 2;
                }
            };
            pieces.add(new int[] {start, end - start});
            start = end;
        }
        return pieces;
    }

    private static int indexOfCrlf(byte[] bytes, int from) {
        for (int i = from; i + 1 < bytes.length; i++) {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private static byte[] readUntilClosed(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                bytes.write(buffer, 0, n);
            }
        } catch (SocketTimeoutException e) {
            fail("the server did not close the connection; received: " + new String(bytes.toByteArray(), StandardCharsets.ISO_8859_1));
        }
        return bytes.toByteArray();
    }

    private static String percentDecode(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length() && Character.digit(s.charAt(i + 1), 16) >= 0 && Character.digit(s.charAt(i + 2), 16) >= 0) {
                out.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                out.write(c);
            }
        }
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    /** Splits received bytes into responses (Content-Length or chunked framing). */
    static final class ResponseReader {
        record Response(int status, Map<String, String> headers, byte[] body) {
        }

        private final byte[] bytes;
        private int pos;

        ResponseReader(byte[] bytes) {
            this.bytes = bytes;
        }

        boolean atEnd() {
            return pos == bytes.length;
        }

        Response next() throws IOException {
            String statusLine = line();
            String[] parts = statusLine.split(" ", 3);
            Map<String, String> headers = new LinkedHashMap<>();
            for (String line = line(); !line.isEmpty(); line = line()) {
                int colon = line.indexOf(':');
                headers.put(line.substring(0, colon).toLowerCase(), line.substring(colon + 1).trim());
            }
            int status = Integer.parseInt(parts[1]);
            byte[] body;
            if (status < 200) {
                return next();
            } else if ("chunked".equals(headers.get("transfer-encoding"))) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                for (int size = Integer.parseInt(line(), 16); size > 0; size = Integer.parseInt(line(), 16)) {
                    out.write(bytes, pos, size);
                    pos += size + 2;
                }
                line();
                body = out.toByteArray();
            } else {
                int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
                if (pos + length > bytes.length) {
                    throw new EOFException("body cut short");
                }
                body = Arrays.copyOfRange(bytes, pos, pos + length);
                pos += length;
            }
            return new Response(status, headers, body);
        }

        private String line() throws IOException {
            int start = pos;
            while (pos + 1 < bytes.length && !(bytes[pos] == '\r' && bytes[pos + 1] == '\n')) {
                pos++;
            }
            if (pos + 1 >= bytes.length) {
                throw new EOFException("response cut short: " + new String(bytes, StandardCharsets.ISO_8859_1));
            }
            String line = new String(bytes, start, pos - start, StandardCharsets.ISO_8859_1);
            pos += 2;
            return line;
        }
    }
}
