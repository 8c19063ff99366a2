package dev.gateway.server.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gateway.server.config.Settings;
import dev.gateway.server.config.WorkerClass;
import dev.gateway.server.embed.Gateway;
import dev.gateway.server.embed.RunningGateway;
import dev.gateway.testapps.Hello;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code unix:PATH} listeners, for in-JVM and process workers (child JVMs serve the listening socket
 * the master hands them): the file's mode follows --umask, a stale file is replaced, a live one
 * refused, and a clean exit removes the file.
 */
class UnixSocketBindTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"thread", "process"})
    void theSocketFileModeFollowsTheUmask(String workerClass) throws Exception {
        Path socket = dir.resolve("gateway.sock");
        try (RunningGateway gateway = Gateway.builder(Hello.class.getName()).bind("unix:" + socket)
                .set(Settings.WORKER_CLASS, WorkerClass.of(workerClass)).set(Settings.UMASK, 0007).start()) {
            assertEquals("rwxrwx---", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)));
            assertTrue(get(socket).startsWith("HTTP/1.1 200"));
        }
        assertFalse(Files.exists(socket), "a clean exit removes the socket file");
    }

    @Test
    void theDefaultUmaskLeavesTheSocketOpenToAll() {
        Path socket = dir.resolve("gateway.sock");
        try (RunningGateway gateway = Gateway.builder(new Hello()).bind("unix:" + socket).start()) {
            assertEquals("rwxrwxrwx", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void aStaleSocketFileFromACrashedRunIsReplaced() throws Exception {
        Path socket = dir.resolve("gateway.sock");
        // A bound socket whose listener closed without unlinking: what a killed server leaves behind.
        try (ServerSocketChannel crashed = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            crashed.bind(UnixDomainSocketAddress.of(socket));
        }
        assertTrue(Files.exists(socket));
        try (RunningGateway gateway = Gateway.builder(new Hello()).bind("unix:" + socket).start()) {
            assertTrue(get(socket).startsWith("HTTP/1.1 200"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"thread", "process"})
    void aSocketALiveServerListensOnIsRefused(String workerClass) throws Exception {
        Path socket = dir.resolve("gateway.sock");
        try (RunningGateway first = Gateway.builder(new Hello()).bind("unix:" + socket).start()) {
            UncheckedIOException refused = assertThrows(UncheckedIOException.class,
                    () -> Gateway.builder(Hello.class.getName()).bind("unix:" + socket)
                            .set(Settings.WORKER_CLASS, WorkerClass.of(workerClass)).start().close());
            assertTrue(refused.getMessage().contains("a running server is listening on it"), refused.getMessage());
            assertTrue(assertInstanceOf(BindFailure.class, refused.getCause()).retryable(), "in use, as a busy port: worth a retry");
            assertTrue(get(socket).startsWith("HTTP/1.1 200"), "the first server still answers");
        }
    }

    private static String get(Path socket) throws IOException {
        try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            channel.write(ByteBuffer.wrap("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
            ByteBuffer buffer = ByteBuffer.allocate(4096);
            StringBuilder response = new StringBuilder();
            while (channel.read(buffer) > 0) {
                buffer.flip();
                response.append(StandardCharsets.US_ASCII.decode(buffer));
                buffer.clear();
            }
            return response.toString();
        }
    }
}
