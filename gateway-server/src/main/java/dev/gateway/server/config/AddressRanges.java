package dev.gateway.server.config;

import io.netty.util.NetUtil;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * A list of peers, as the trust settings write it ({@code forwarded_allow_ips},
 * {@code proxy_allow_ips}): addresses ({@code 127.0.0.1}, {@code ::1}), CIDR ranges
 * ({@code 10.0.0.0/8}, {@code fd00::/8}) or {@code *} for everyone. Parsed once, when the settings
 * are read, since a request asks it on every scheme header it sees.
 */
public final class AddressRanges {

    /** Nobody but Unix-socket peers. */
    public static final AddressRanges NONE = new AddressRanges(List.of(), false);

    private final List<Range> ranges;
    private final boolean everyone;

    private AddressRanges(List<Range> ranges, boolean everyone) {
        this.ranges = ranges;
        this.everyone = everyone;
    }

    /** The list {@code entries} describe; throws IllegalArgumentException naming a bad entry. */
    public static AddressRanges of(List<String> entries) {
        List<Range> ranges = new ArrayList<>();
        boolean everyone = false;
        for (String entry : entries) {
            String text = entry.strip();
            if (text.equals("*")) {
                everyone = true;
                continue;
            }
            Range range = Range.parse(text);
            if (range == null) {
                throw new IllegalArgumentException("'" + text + "' is not an address, a CIDR range or *");
            }
            ranges.add(range);
        }
        return new AddressRanges(List.copyOf(ranges), everyone);
    }

    /** The settings' validator: null when every entry is valid, else the reason. */
    public static String problem(List<String> entries) {
        try {
            of(entries);
            return null;
        } catch (IllegalArgumentException e) {
            return "has a bad entry: " + e.getMessage();
        }
    }

    /**
     * True when {@code peer} is listed. A Unix-socket peer always is, as in Gunicorn: only a
     * process on this machine (the proxy in front) can reach the socket.
     */
    public boolean contains(SocketAddress peer) {
        if (everyone) {
            return true;
        }
        if (!(peer instanceof InetSocketAddress inet)) {
            return peer != null;
        }
        return inet.getAddress() != null && contains(inet.getAddress().getAddress());
    }

    /** True when the address written as {@code text} is listed; false for text that is no address. */
    public boolean contains(String text) {
        if (everyone) {
            return true;
        }
        byte[] address = NetUtil.createByteArrayFromIpAddressString(text);
        return address != null && contains(address);
    }

    private boolean contains(byte[] address) {
        for (Range range : ranges) {
            if (range.contains(address)) {
                return true;
            }
        }
        return false;
    }

    /** A network and the number of leading bits an address must share with it. */
    private record Range(byte[] network, int prefix) {

        /** {@code ADDRESS} (a full-length prefix) or {@code ADDRESS/PREFIX}; null when malformed. */
        static Range parse(String entry) {
            int slash = entry.indexOf('/');
            byte[] network = NetUtil.createByteArrayFromIpAddressString(slash < 0 ? entry : entry.substring(0, slash));
            if (network == null) {
                return null;
            }
            int prefix = network.length * 8;
            if (slash >= 0) {
                String bits = entry.substring(slash + 1);
                if (!bits.matches("\\d{1,3}")) {
                    return null;
                }
                prefix = Integer.parseInt(bits);
                if (prefix > network.length * 8) {
                    return null;
                }
            }
            return new Range(network, prefix);
        }

        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            for (int bit = 0; bit < prefix; bit++) {
                int mask = 0x80 >> (bit % 8);
                if ((address[bit / 8] & mask) != (network[bit / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }
}
