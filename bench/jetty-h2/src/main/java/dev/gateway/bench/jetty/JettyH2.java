package dev.gateway.bench.jetty;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Jetty 12.1 with its own (core) handler API, as its documentation shows it: cleartext HTTP/2 with
 * prior knowledge beside HTTP/1.1 on one port, {@code Hello, World!} on every path and 1 MiB on
 * {@code /download}. {@code java -jar jetty-h2.jar PORT [HOST]}.
 */
public final class JettyH2 {

    private static final ByteBuffer HELLO = ByteBuffer.wrap("Hello, World!\n".getBytes(StandardCharsets.US_ASCII)).asReadOnlyBuffer();
    private static final ByteBuffer MEBIBYTE = ByteBuffer.wrap(new byte[1 << 20]).asReadOnlyBuffer();

    private JettyH2() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        String host = args.length > 1 ? args[1] : "127.0.0.1";
        Server server = new Server(new QueuedThreadPool());
        HttpConfiguration config = new HttpConfiguration();
        config.setSendServerVersion(false);
        HTTP2CServerConnectionFactory h2c = new HTTP2CServerConnectionFactory(config);
        h2c.setMaxConcurrentStreams(100);
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(config), h2c);
        connector.setHost(host);
        connector.setPort(port);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract.NonBlocking() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                boolean download = Request.getPathInContext(request).equals("/download");
                ByteBuffer body = (download ? MEBIBYTE : HELLO).slice();
                response.setStatus(200);
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, download ? "application/octet-stream" : "text/plain");
                response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.remaining());
                response.write(true, body, callback);
                return true;
            }
        });
        server.start();
        server.join();
    }
}
