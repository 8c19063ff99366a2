package dev.gateway.server.config;

import dev.gateway.server.config.ConfigException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One address to listen on, parsed from a {@code bind} value as Gunicorn's {@code util.parse_address}
 * does: {@code HOST:PORT}, {@code [IPv6]:PORT}, {@code HOST} (port 8000; a bare number too is a host,
 * as in Gunicorn), {@code :PORT} (host 0.0.0.0), any of these after {@code tcp://}, {@code unix:PATH}
 * or {@code unix://PATH}, or {@code fd://N}. Host names are lower-cased.
 */
public sealed interface BindAddress {

    /**
     * A TCP address.
     *
     * @param ownFamilyOnly {@code [::]} and an IPv4 address share this port: each listener takes its
     *                      own address family only, so the {@code [::]} one is made IPv6-only (Linux's
     *                      dual-stack {@code [::]} takes IPv4 too, and the IPv4 one would not bind).
     *                      An IPv4 address gets an IPv4 socket either way ({@code Transport.configureTcp}).
     */
    record Tcp(String host, int port, boolean ownFamilyOnly) implements BindAddress {

        public Tcp(String host, int port) {
            this(host, port, false);
        }

        /** True for {@code [::]}, which on Linux accepts IPv4 connections too unless IPv6-only. */
        boolean anyIpv6() {
            return host.equals("::") || host.equals("0:0:0:0:0:0:0:0");
        }

        /** True for an IPv6 address (written with colons). */
        public boolean ipv6() {
            return host.contains(":");
        }

        /**
         * Why this address may not be what was meant, for a failure message: a bare number is a host
         * (Gunicorn reads {@code -b 18096} so, and 18096 is the IPv4 address 0.0.70.176); else empty.
         */
        public String hint() {
            return !host.isEmpty() && host.chars().allMatch(Character::isDigit)
                    ? " ('" + host + "' is a host, as in Gunicorn; for port " + host + " write 127.0.0.1:" + host
                            + " or 0.0.0.0:" + host + ")"
                    : "";
        }

        @Override
        public String toString() {
            return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        }
    }

    /** A Unix domain socket. */
    record Unix(Path path) implements BindAddress {
        @Override
        public String toString() {
            return "unix:" + path;
        }
    }

    /** A socket already listening, inherited as file descriptor {@code fd} (systemd, a supervisor). */
    record Inherited(int fd) implements BindAddress {
        @Override
        public String toString() {
            return "fd://" + fd;
        }
    }

    /**
     * Parses every bind value. {@code -b [::]:P -b 0.0.0.0:P} asks for both families on one port,
     * which Linux's dual-stack {@code [::]} (it takes IPv4 too) would refuse: such listeners keep to
     * their own family, as nginx's {@code [::]} listeners do.
     */
    static List<BindAddress> parseAll(List<String> values) {
        List<BindAddress> addresses = values.stream().map(BindAddress::parse).toList();
        Set<Integer> shared = new HashSet<>();
        for (BindAddress address : addresses) {
            if (address instanceof Tcp tcp && tcp.anyIpv6() && tcp.port() != 0 && hasIpv4On(tcp.port(), addresses)) {
                shared.add(tcp.port());
            }
        }
        return addresses.stream().map(address -> address instanceof Tcp tcp && shared.contains(tcp.port()) && (tcp.anyIpv6() || !tcp.ipv6())
                ? new Tcp(tcp.host(), tcp.port(), true) : address).toList();
    }

    private static boolean hasIpv4On(int port, List<BindAddress> addresses) {
        return addresses.stream().anyMatch(a -> a instanceof Tcp tcp && tcp.port() == port && !tcp.ipv6());
    }

    /** Parses one bind value; a bad one is a {@link ConfigException} naming it. */
    static BindAddress parse(String text) {
        String value = text.trim();
        if (value.startsWith("fd://")) {
            try {
                int fd = Integer.parseInt(value.substring("fd://".length()));
                if (fd >= 0) {
                    return new Inherited(fd);
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new ConfigException("invalid value for --bind: '" + text + "' is not fd://N (a file descriptor number)");
        }
        if (value.startsWith("unix:")) {
            String path = value.substring(value.startsWith("unix://") ? "unix://".length() : "unix:".length());
            if (path.isEmpty()) {
                throw new ConfigException("invalid value for --bind: '" + text + "' has no socket path");
            }
            return new Unix(Path.of(path));
        }
        if (value.startsWith("tcp://")) {
            value = value.substring("tcp://".length());
        }
        String host;
        String port;
        if (value.startsWith("[")) {
            int close = value.indexOf(']');
            if (close < 0) {
                throw new ConfigException("invalid value for --bind: '" + text + "' has no closing ']'");
            }
            host = value.substring(1, close);
            String rest = value.substring(close + 1);
            if (!rest.isEmpty() && !rest.startsWith(":")) {
                throw new ConfigException("invalid value for --bind: '" + text + "' is not [IPv6]:PORT");
            }
            port = rest.isEmpty() ? "8000" : rest.substring(1);
        } else {
            int colon = value.lastIndexOf(':');
            if (colon >= 0 && value.indexOf(':') != colon) {
                throw new ConfigException("invalid value for --bind: '" + text + "': write IPv6 addresses as [ADDRESS]:PORT");
            }
            host = colon < 0 ? value : value.substring(0, colon);
            port = colon < 0 ? "8000" : value.substring(colon + 1);
        }
        if (host.isEmpty()) {
            host = "0.0.0.0";
        }
        try {
            int number = Integer.parseInt(port);
            if (number < 0 || number > 65535) {
                throw new NumberFormatException();
            }
            return new Tcp(host.toLowerCase(Locale.ROOT), number);
        } catch (NumberFormatException e) {
            throw new ConfigException("invalid value for --bind: '" + text + "' has no valid port (0-65535)");
        }
    }
}
