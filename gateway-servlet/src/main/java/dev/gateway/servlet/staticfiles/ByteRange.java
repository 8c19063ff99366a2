package dev.gateway.servlet.staticfiles;

/**
 * One satisfiable byte range of a representation (RFC 9110 section 14.1.2), from {@code first} to
 * {@code last} inclusive.
 *
 * @param first the first byte's offset
 * @param last  the last byte's offset (at most length - 1)
 */
record ByteRange(long first, long last) {

    /** What a {@code Range} header asks of a representation of {@code length} bytes. */
    sealed interface Request permits Whole, Part, Unsatisfiable {
    }

    /** Send the whole representation: no Range, one that is invalid or not in bytes, or several ranges. */
    record Whole() implements Request {
    }

    /** Send one part, 206. */
    record Part(ByteRange range) implements Request {
    }

    /** No range overlaps the representation: 416. */
    record Unsatisfiable() implements Request {
    }

    /** How many bytes the range holds. */
    long length() {
        return last - first + 1;
    }

    /** The {@code Content-Range} value of this range (section 14.4). */
    String contentRange(long length) {
        return "bytes " + first + "-" + last + "/" + length;
    }

    /**
     * Reads {@code header} (section 14.2): a recipient may ignore a Range it cannot parse or does not
     * support, so an invalid one, another unit, or more than one range (a multipart/byteranges answer,
     * which this server does not build) is {@link Whole}.
     */
    static Request parse(String header, long length) {
        if (header == null || !header.regionMatches(true, 0, "bytes=", 0, 6)) {
            return new Whole();
        }
        String spec = header.substring(6).trim();
        if (spec.isEmpty() || spec.indexOf(',') >= 0) {
            return new Whole();
        }
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return new Whole();
        }
        String from = spec.substring(0, dash).trim();
        String to = spec.substring(dash + 1).trim();
        long first;
        long last;
        try {
            if (from.isEmpty()) {
                // suffix-range: the last N bytes (section 14.1.2)
                long suffix = digits(to);
                if (suffix == 0) {
                    return new Unsatisfiable();
                }
                first = Math.max(0, length - suffix);
                last = length - 1;
            } else {
                first = digits(from);
                last = to.isEmpty() ? length - 1 : Math.min(digits(to), length - 1);
                if (!to.isEmpty() && digits(to) < first) {
                    return new Whole(); // invalid: last-pos before first-pos
                }
            }
        } catch (NumberFormatException e) {
            return new Whole();
        }
        if (first >= length || length == 0) {
            return new Unsatisfiable();
        }
        return new Part(new ByteRange(first, last));
    }

    /** 1*DIGIT, nothing else (no sign, no spaces inside). */
    private static long digits(String text) {
        if (text.isEmpty() || text.length() > 18 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new NumberFormatException(text);
        }
        return Long.parseLong(text);
    }
}
