package dev.gateway.examples;

import dev.gateway.spi.Application;
import dev.gateway.spi.Body;
import dev.gateway.spi.Environ;
import dev.gateway.spi.Header;
import dev.gateway.spi.StartResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Streams a request body of any size through SHA-256 without holding it: {@code gateway.input}
 * delivers the body as it arrives, and the server reads the socket only as fast as the application
 * reads the stream.
 *
 * <pre>bin/gateway --classpath examples/target/classes dev.gateway.examples.UploadChecksum
 * curl --data-binary @big.iso http://127.0.0.1:8000/</pre>
 */
public final class UploadChecksum implements Application {

    @Override
    public Iterable<byte[]> call(Environ environ, StartResponse startResponse) throws IOException, NoSuchAlgorithmException {
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        // gateway.input belongs to the server: read it to the end, never close it (spec rule INPUT-5).
        InputStream in = new DigestInputStream(environ.input(), sha256);
        long bytes = in.transferTo(OutputStream.nullOutputStream());
        startResponse.start("200 OK", List.of(Header.of("Content-Type", "text/plain")));
        return Body.of(bytes + " bytes, sha256 " + HexFormat.of().formatHex(sha256.digest()) + "\n");
    }
}
