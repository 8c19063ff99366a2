package dev.gateway.bench.peers;

import java.nio.charset.StandardCharsets;

/**
 * The three answers of bench/peers.sh, the same bytes from every server: this one source file is
 * compiled into each peer (bench/peers/pom.xml adds its folder) and into gateway's PeersBench
 * (bench/apps), so that no server serializes a different document.
 */
public final class Payload {

    /** The body of {@code /} and {@code /blocking}, {@code text/plain}. */
    public static final String HELLO = "Hello, World!";

    /** {@link #HELLO} in ASCII. */
    public static final byte[] HELLO_BYTES = HELLO.getBytes(StandardCharsets.US_ASCII);

    /** How long {@code /blocking} sleeps before it answers, standing for a blocking call (JDBC, HTTP). */
    public static final long BLOCKING_MILLIS = 50;

    private static final int ITEMS = 13;

    private Payload() {
    }

    /**
     * The body of {@code /json} ({@code application/json}), 1,057 bytes, built anew for each request as
     * an application serializing its data would: no server answers from a cached array.
     */
    public static byte[] json() {
        StringBuilder out = new StringBuilder(1100);
        out.append("{\"message\":\"Hello, World!\",\"count\":").append(ITEMS).append(",\"items\":[");
        for (int i = 1; i <= ITEMS; i++) {
            if (i > 1) {
                out.append(',');
            }
            out.append("{\"id\":").append(i)
                    .append(",\"name\":\"item-").append(i)
                    .append("\",\"price\":").append(i * 125)
                    .append(",\"inStock\":").append(i % 2 == 0)
                    .append(",\"tags\":[\"bench\",\"json\"]}");
        }
        return out.append("]}").toString().getBytes(StandardCharsets.US_ASCII);
    }
}
