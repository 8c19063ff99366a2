package dev.gateway.bench.peers.vertx;

import dev.gateway.bench.peers.Payload;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;

/**
 * Vert.x core on the native (epoll) transport, one verticle instance per core, each with its own
 * HTTP server on the same port (Vert.x spreads the connections over them). {@code /} and
 * {@code /json} answer on the event loop; {@code /blocking} sleeps in {@code executeBlocking},
 * unordered, on the worker pool (its default, 20 threads), never on the event loop.
 * {@code /dispatched} is the hello through {@code executeBlocking} the same way: what code that may
 * block costs before it does anything, as every request to a gateway thread or virtual worker does.
 *
 * <p>Usage: {@code java -jar peer-vertx.jar PORT [HOST]}.
 */
public final class VertxPeer extends VerticleBase {

    private static final Buffer HELLO = Buffer.buffer(Payload.HELLO_BYTES);

    private final int port;
    private final String host;

    private VertxPeer(int port, String host) {
        this.port = port;
        this.host = host;
    }

    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        String host = args.length > 1 ? args[1] : "127.0.0.1";
        Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
        int instances = Runtime.getRuntime().availableProcessors();
        vertx.deployVerticle(() -> new VertxPeer(port, host), new DeploymentOptions().setInstances(instances))
                .onSuccess(id -> System.out.println("vertx listening on http://" + host + ":" + port + " ("
                        + (vertx.isNativeTransportEnabled() ? "epoll" : "nio") + ", " + instances + " verticles)"))
                .onFailure(failure -> {
                    failure.printStackTrace();
                    System.exit(1);
                });
    }

    @Override
    public Future<?> start() {
        return vertx.createHttpServer().requestHandler(this::handle).listen(port, host);
    }

    private void handle(HttpServerRequest request) {
        switch (request.path()) {
            case "/json" -> request.response()
                    .putHeader("Content-Type", "application/json")
                    .end(Buffer.buffer(Payload.json()));
            case "/blocking" -> vertx.executeBlocking(() -> {
                Thread.sleep(Payload.BLOCKING_MILLIS);
                return HELLO;
            }, false).onComplete(done -> hello(request));
            case "/dispatched" -> vertx.executeBlocking(() -> HELLO, false).onComplete(done -> hello(request));
            default -> hello(request);
        }
    }

    private static void hello(HttpServerRequest request) {
        request.response().putHeader("Content-Type", "text/plain").end(HELLO);
    }
}
