package dev.gateway.server.http;

import dev.gateway.spi.server.EnvironBuilder;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The request's field names as Strings, with the common ones shared: a browser's head carries ten
 * or more names, nearly all of them in {@link EnvironBuilder#commonHeaderNames()}, and a shared
 * name is neither copied out of the head for each request nor hashed again when the environ looks
 * up its key. A name is shared only when its bytes spell it exactly; any other spelling is copied
 * as it came.
 */
final class FieldNames {

    /** A shared name and its bytes, which a head's bytes are compared with in one call. */
    private record Shared(String name, byte[] bytes) {
    }

    private static final int MASK = 127;
    /** Candidates by length and first letter (either case): a lookup compares one or two names. */
    private static final Shared[][] BUCKETS = buckets(EnvironBuilder.commonHeaderNames());

    private FieldNames() {
    }

    /** The name in {@code buf} from {@code start} to {@code end} (exclusive), already checked to be a token. */
    static String of(ByteBuf buf, int start, int end) {
        if (buf.hasArray()) {
            byte[] array = buf.array();
            int from = buf.arrayOffset() + start;
            int to = buf.arrayOffset() + end;
            for (Shared candidate : BUCKETS[bucket(end - start, array[from])]) {
                if (Arrays.equals(array, from, to, candidate.bytes(), 0, candidate.bytes().length)) {
                    return candidate.name();
                }
            }
        }
        return HeadSyntax.text(buf, start, end);
    }

    private static int bucket(int length, int first) {
        return (length * 31 + (first | 0x20)) & MASK;
    }

    private static Shared[][] buckets(Iterable<String> names) {
        List<List<Shared>> lists = new ArrayList<>();
        for (int i = 0; i <= MASK; i++) {
            lists.add(new ArrayList<>());
        }
        for (String name : names) {
            lists.get(bucket(name.length(), name.charAt(0))).add(new Shared(name, name.getBytes(StandardCharsets.ISO_8859_1)));
        }
        Shared[][] buckets = new Shared[MASK + 1][];
        Arrays.setAll(buckets, i -> lists.get(i).toArray(Shared[]::new));
        return buckets;
    }
}
