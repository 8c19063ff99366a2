package dev.gateway.bench.peers.jetty;

import dev.gateway.bench.peers.Payload;
import java.nio.ByteBuffer;
import java.util.concurrent.Executors;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Jetty 12.1's core Handler API (no Servlet layer) with its default HTTP/1.1 connector. The handler
 * is a {@code Handler.Abstract}, whose invocation type is blocking, so Jetty calls it on a pool
 * thread and it may sleep. Two variants: {@code platform}, the default {@code QueuedThreadPool} (at
 * most 200 threads), and {@code virtual}, the same pool with a virtual-thread executor, so that each
 * handler call runs on its own virtual thread (Jetty's documented way).
 *
 * <p>Usage: {@code java -jar peer-jetty.jar PORT [HOST] [platform|virtual]}.
 */
public final class JettyPeer extends Handler.Abstract {

    private JettyPeer() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        String host = args.length > 1 ? args[1] : "127.0.0.1";
        boolean virtual = args.length > 2 && args[2].equals("virtual");
        QueuedThreadPool threads = new QueuedThreadPool();
        if (virtual) {
            threads.setVirtualThreadsExecutor(Executors.newVirtualThreadPerTaskExecutor());
        }
        Server server = new Server(threads);
        ServerConnector connector = new ServerConnector(server);
        connector.setHost(host);
        connector.setPort(port);
        server.addConnector(connector);
        server.setHandler(new JettyPeer());
        server.start();
        System.out.println("jetty listening on http://" + host + ":" + port + " (" + (virtual ? "virtual" : "platform") + " threads)");
        server.join();
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        switch (Request.getPathInContext(request)) {
            case "/json" -> {
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
                response.write(true, ByteBuffer.wrap(Payload.json()), callback);
            }
            case "/blocking" -> {
                Thread.sleep(Payload.BLOCKING_MILLIS);
                hello(response, callback);
            }
            default -> hello(response, callback);
        }
        return true;
    }

    private static void hello(Response response, Callback callback) {
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain");
        response.write(true, ByteBuffer.wrap(Payload.HELLO_BYTES), callback);
    }
}
