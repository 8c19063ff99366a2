package dev.gateway.server.http;

/**
 * How a server speaks HTTP/2, from the {@code http_protocols} and {@code http2_*} settings.
 *
 * @param overTls              offer {@code h2} through TLS's ALPN (needs TLS)
 * @param priorKnowledge       serve a cleartext connection that opens with the HTTP/2 preface as HTTP/2 (h2c)
 * @param upgrade              switch a cleartext HTTP/1.1 connection that asks for {@code Upgrade: h2c}
 * @param maxConcurrentStreams SETTINGS_MAX_CONCURRENT_STREAMS
 * @param initialWindowSize    SETTINGS_INITIAL_WINDOW_SIZE, the flow-control window of each stream
 * @param maxFrameSize         SETTINGS_MAX_FRAME_SIZE
 * @param maxHeaderListSize    SETTINGS_MAX_HEADER_LIST_SIZE
 * @param gracefulStopMillis   how long open streams may run after a graceful stop sent GOAWAY
 */
public record Http2Options(boolean overTls, boolean priorKnowledge, boolean upgrade, int maxConcurrentStreams, int initialWindowSize,
                           int maxFrameSize, int maxHeaderListSize, long gracefulStopMillis) {

    /** HTTP/1.1 only. */
    public static final Http2Options OFF = new Http2Options(false, false, false, 100, 65535, 16384, 65536, 30_000);

    /** True when some connection may speak HTTP/2. */
    public boolean enabled() {
        return overTls || priorKnowledge || upgrade;
    }
}
