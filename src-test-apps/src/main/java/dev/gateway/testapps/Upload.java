package dev.gateway.testapps;

import dev.gateway.spi.Application;
import dev.gateway.spi.Body;
import dev.gateway.spi.Environ;
import dev.gateway.spi.Header;
import dev.gateway.spi.StartResponse;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/** Streams the request body through SHA-256 and answers {@code {"bytes": N, "sha256": "<hex>"}}. */
public final class Upload implements Application {

    @Override
    public Iterable<byte[]> call(Environ environ, StartResponse startResponse) throws IOException, NoSuchAlgorithmException {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        InputStream input = environ.input();
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        int n;
        while ((n = input.read(buffer)) >= 0) {
            digest.update(buffer, 0, n);
            total += n;
        }
        String json = "{\"bytes\": " + total + ", \"sha256\": \"" + HexFormat.of().formatHex(digest.digest()) + "\"}";
        startResponse.start("200 OK", List.of(Header.of("Content-Type", "application/json")));
        return Body.of(json);
    }
}
