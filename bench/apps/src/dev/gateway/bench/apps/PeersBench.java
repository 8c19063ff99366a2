package dev.gateway.bench.apps;

import dev.gateway.bench.peers.Payload;
import dev.gateway.spi.Application;
import dev.gateway.spi.Body;
import dev.gateway.spi.Environ;
import dev.gateway.spi.Header;
import dev.gateway.spi.StartResponse;
import java.util.List;

/**
 * The application of bench/peers.sh, the same three answers as the Java peers (bench/peers, whose
 * Payload this compiles with): {@code /json} is Payload's JSON built anew, {@code /blocking} sleeps
 * 50 ms on the worker's thread then says hello, every other path {@code Hello, World!}.
 */
public final class PeersBench implements Application {

    private static final List<Header> HELLO_HEADERS = List.of(
            Header.of("Content-Type", "text/plain"),
            Header.of("Content-Length", Integer.toString(Payload.HELLO_BYTES.length)));

    @Override
    public Iterable<byte[]> call(Environ environ, StartResponse startResponse) throws InterruptedException {
        switch (environ.pathInfo()) {
            case "/json" -> {
                byte[] json = Payload.json();
                startResponse.start("200 OK", List.of(Header.of("Content-Type", "application/json"),
                        Header.of("Content-Length", Integer.toString(json.length))));
                return Body.of(json);
            }
            case "/blocking" -> Thread.sleep(Payload.BLOCKING_MILLIS);
            default -> {
                // hello, below
            }
        }
        startResponse.start("200 OK", HELLO_HEADERS);
        return Body.of(Payload.HELLO_BYTES);
    }
}
