package dev.gateway.server.control;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/** The client side of the control socket ({@code gateway ctl}): one request, one answer. */
public final class ControlClient {

    private ControlClient() {
    }

    /**
     * Sends {@code request} to the server at {@code socket} and returns its answer.
     *
     * @throws IOException when nobody answers there, or the answer is not a JSON object
     */
    public static Map<String, Object> send(Path socket, ControlRequest request) throws IOException {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            OutputStream out = Channels.newOutputStream(channel);
            out.write((request.toLine() + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = new java.io.BufferedInputStream(Channels.newInputStream(channel));
            String line = new LineReader(in, 16 * 1024 * 1024).next();
            if (line == null) {
                throw new IOException("the server closed the connection without an answer");
            }
            try {
                return Json.parseObject(line);
            } catch (IllegalArgumentException e) {
                throw new IOException("a garbled answer: " + e.getMessage());
            }
        }
    }
}
