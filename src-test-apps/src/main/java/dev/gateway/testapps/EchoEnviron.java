package dev.gateway.testapps;

import dev.gateway.spi.Application;
import dev.gateway.spi.Body;
import dev.gateway.spi.Environ;
import dev.gateway.spi.Header;
import dev.gateway.spi.StartResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads the whole request body and answers a JSON object of every environ entry whose value is a
 * String, Number or Boolean, plus {@code body_base64}: the request body in base64. Non-ASCII chars
 * are written as JSON escapes, so the bytes of the request survive.
 */
public final class EchoEnviron implements Application {

    @Override
    public Iterable<byte[]> call(Environ environ, StartResponse startResponse) throws IOException {
        byte[] body = environ.input().readAllBytes();
        Map<String, Object> values = new TreeMap<>();
        for (Map.Entry<String, Object> entry : environ.entrySet()) {
            Object value = entry.getValue();
            if (value instanceof String || value instanceof Number || value instanceof Boolean) {
                values.put(entry.getKey(), value);
            }
        }
        values.put("body_base64", Base64.getEncoder().encodeToString(body));
        byte[] json = Json.object(values).getBytes(StandardCharsets.US_ASCII);
        startResponse.start("200 OK", List.of(
                Header.of("Content-Type", "application/json"),
                Header.of("Content-Length", Integer.toString(json.length))));
        return Body.of(json);
    }
}
