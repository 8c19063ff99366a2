package dev.gateway.testapps;

import dev.gateway.spi.Application;
import dev.gateway.spi.Body;
import dev.gateway.spi.Environ;
import dev.gateway.spi.Header;
import dev.gateway.spi.StartResponse;
import java.io.IOException;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/** Streams the request body through SHA-256 and answers {@code {"bytes": N, "sha256": "<hex>"}}. */
public final class Upload implements Application {

    @Override
    public Iterable<byte[]> call(Environ environ, StartResponse startResponse) throws IOException, NoSuchAlgorithmException {
        BodyDigest.Digest body = BodyDigest.read(environ.input());
        String json = "{\"bytes\": " + body.bytes() + ", \"sha256\": \"" + body.sha256() + "\"}";
        startResponse.start("200 OK", List.of(Header.of("Content-Type", "application/json")));
        return Body.of(json);
    }
}
