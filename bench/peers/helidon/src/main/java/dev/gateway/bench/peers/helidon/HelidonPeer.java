package dev.gateway.bench.peers.helidon;

import dev.gateway.bench.peers.Payload;
import io.helidon.http.HeaderValues;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * Helidon SE 4's web server with its defaults: it runs every request on its own virtual thread, so
 * {@code /blocking} simply sleeps, as Helidon's documentation says blocking code should.
 *
 * <p>Usage: {@code java -jar peer-helidon.jar PORT [HOST]}.
 */
public final class HelidonPeer {

    private HelidonPeer() {
    }

    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        String host = args.length > 1 ? args[1] : "127.0.0.1";
        WebServer server = WebServer.builder()
                .host(host)
                .port(port)
                .routing(HelidonPeer::routing)
                .build()
                .start();
        System.out.println("helidon listening on http://" + host + ":" + server.port());
    }

    private static void routing(HttpRouting.Builder routing) {
        routing.get("/", HelidonPeer::hello)
                .get("/json", (request, response) -> {
                    response.header(HeaderValues.CONTENT_TYPE_JSON);
                    response.send(Payload.json());
                })
                .get("/blocking", (request, response) -> {
                    Thread.sleep(Payload.BLOCKING_MILLIS);
                    hello(request, response);
                });
    }

    private static void hello(ServerRequest request, ServerResponse response) {
        response.header(HeaderValues.CONTENT_TYPE_TEXT_PLAIN);
        response.send(Payload.HELLO_BYTES);
    }
}
