package dev.gateway.bench.jmh;

import dev.gateway.spi.Environ;
import dev.gateway.spi.server.EnvironBuilder;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestDecoder;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The environ of a typical browser request (8 headers), built the way the server builds it.
 *
 * <p>{@link #buildEnviron()} mirrors {@code dev.gateway.server.http.Exchange#environBuilder()} then {@code build()}, call for
 * call (that method is private, and needs a live connection): keep the two in step. The request is a real {@link HttpRequest} made
 * by Netty's decoder, so header iteration costs what it costs in the server.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class EnvironBench {

    static final String REQUEST = """
            GET /hello/world?name=gateway&lang=en HTTP/1.1\r
            Host: 127.0.0.1:8000\r
            User-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0\r
            Accept: text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8\r
            Accept-Language: en-US,en;q=0.5\r
            Accept-Encoding: gzip, deflate, br\r
            Connection: keep-alive\r
            Cookie: session=0123456789abcdef; theme=dark\r
            Referer: http://127.0.0.1:8000/\r
            \r
            """;

    private HttpRequest request;
    private String remoteAddress;
    private String remotePort;
    private String localName;
    private String localPort;
    private PrintWriter errors;
    private InputStream input;
    private String[] names;

    @Setup
    public void setUp() throws Exception {
        request = decode(REQUEST);
        // What ConnectionAddresses.of(channel) holds for a loopback connection.
        InetSocketAddress remote = new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), 54321);
        InetSocketAddress local = new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), 8000);
        remoteAddress = remote.getAddress().getHostAddress();
        remotePort = Integer.toString(remote.getPort());
        localName = local.getAddress().getHostAddress();
        localPort = Integer.toString(local.getPort());
        errors = new PrintWriter(System.err, true);
        input = InputStream.nullInputStream();
        names = request.headers().names().toArray(String[]::new);
    }

    /** Decodes a request head with Netty's decoder, as the server's pipeline does. */
    static HttpRequest decode(String head) {
        EmbeddedChannel channel = new EmbeddedChannel(new HttpRequestDecoder());
        channel.writeInbound(Unpooled.copiedBuffer(head, StandardCharsets.US_ASCII));
        HttpRequest request = null;
        for (Object message; (message = channel.readInbound()) != null; ) {
            if (message instanceof HttpRequest r) {
                request = r;
            }
            if (message instanceof HttpContent content) {
                content.release();
            }
        }
        channel.finishAndReleaseAll();
        if (request == null || request.decoderResult().isFailure()) {
            throw new IllegalStateException("the benchmark request did not decode");
        }
        return request;
    }

    /** Exchange.environBuilder().build(), call for call; the address strings are made once per connection. */
    @Benchmark
    public Environ buildEnviron() {
        EnvironBuilder builder = new EnvironBuilder()
                .requestLine(request.method().name(), request.uri(), request.protocolVersion().text())
                .keepUnderscoreHeaders(true);
        for (Map.Entry<String, String> header : request.headers()) {
            builder.header(header.getKey(), header.getValue());
        }
        return builder.remote(remoteAddress, remotePort)
                .local(localName, localPort)
                .scheme("http")
                .scriptName("")
                .input(input)
                .errors(errors)
                .concurrency(false, false)
                .build();
    }

    /** Only the header loop's input: Netty's String view of the 8 headers (part of buildEnviron). */
    @Benchmark
    public void iterateHeaders(Blackhole blackhole) {
        for (Map.Entry<String, String> header : request.headers()) {
            blackhole.consume(header.getKey());
            blackhole.consume(header.getValue());
        }
    }

    /** Only the key mapping of the 8 header names (part of buildEnviron): HTTP_USER_AGENT, ... */
    @Benchmark
    public void environKeys(Blackhole blackhole) {
        for (String name : names) {
            blackhole.consume(EnvironBuilder.environKey(name));
        }
    }
}
