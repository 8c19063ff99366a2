package dev.gateway.server.metrics;

import dev.gateway.server.config.Config;
import dev.gateway.server.config.LoggerNames;
import dev.gateway.server.config.Settings;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;

/**
 * A StatsD client in the way Gunicorn's is: plain-text datagrams ({@code name:value|type}) over UDP,
 * sent without waiting and never failing the caller. A collector that is down or slow costs lost
 * datagrams, never a request. Several metrics may share one datagram, one per line (the StatsD
 * protocol allows it), so a request costs one system call.
 */
public final class StatsD implements AutoCloseable {

    /** The namespace of every metric, Gunicorn's {@code gunicorn.} renamed. */
    static final String NAMESPACE = "gateway.";

    private final DatagramChannel channel;
    private final String prefix;
    /** {@code |#tags} for DogStatsD, or empty. */
    private final String tags;

    private StatsD(DatagramChannel channel, String prefix, String tags) {
        this.channel = channel;
        this.prefix = prefix;
        this.tags = tags.isEmpty() ? "" : "|#" + tags;
    }

    /** A client for {@code statsd_host}, or null when it is not set or cannot be resolved. */
    public static StatsD open(Config config) {
        String host = config.get(Settings.STATSD_HOST);
        if (host.isEmpty()) {
            return null;
        }
        int colon = host.lastIndexOf(':');
        String name = host.substring(0, colon).replaceAll("^\\[|\\]$", "");
        InetSocketAddress target = new InetSocketAddress(name, Integer.parseInt(host.substring(colon + 1)));
        if (target.isUnresolved()) {
            org.slf4j.LoggerFactory.getLogger(LoggerNames.ERROR).warn("statsd_host {} does not resolve: no metrics", host);
            return null;
        }
        try {
            DatagramChannel channel = DatagramChannel.open();
            channel.configureBlocking(false);
            channel.connect(target);
            return new StatsD(channel, prefix(config.get(Settings.STATSD_PREFIX)), config.get(Settings.DOGSTATSD_TAGS));
        } catch (IOException e) {
            org.slf4j.LoggerFactory.getLogger(LoggerNames.ERROR).warn("cannot open a UDP socket to {}: no metrics ({})", host, e.toString());
            return null;
        }
    }

    /** Gunicorn's rule: a prefix gets one dot at its end. */
    static String prefix(String configured) {
        String trimmed = configured.replaceAll("\\.+$", "");
        return (trimmed.isEmpty() ? "" : trimmed + ".") + NAMESPACE;
    }

    /** Adds 1 to a counter. */
    public void increment(String name) {
        send(line(new StringBuilder(), name, 1, "c"));
    }

    /** Sets a gauge. */
    public void gauge(String name, long value) {
        send(line(new StringBuilder(), name, value, "g"));
    }

    /** Appends {@code prefix+name:value|type}, and {@code |#tags} for DogStatsD, to {@code packet}; join lines with {@code \n}. */
    StringBuilder line(StringBuilder packet, String name, long value, String type) {
        return line(packet, name, Long.toString(value), type);
    }

    /** As above with the value as written: a gauge's {@code +1} or {@code -1} moves it instead of setting it. */
    StringBuilder line(StringBuilder packet, String name, String value, String type) {
        return packet.append(prefix).append(name).append(':').append(value).append('|').append(type).append(tags);
    }

    /** Sends one datagram, or drops it (socket buffer full, collector unreachable). */
    void send(CharSequence packet) {
        try {
            channel.write(ByteBuffer.wrap(packet.toString().getBytes(StandardCharsets.US_ASCII)));
        } catch (IOException | RuntimeException e) {
            // Fire and forget: metrics must never fail or slow what they measure.
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // nothing left to do
        }
    }
}
