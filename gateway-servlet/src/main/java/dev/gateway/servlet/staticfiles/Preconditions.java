package dev.gateway.servlet.staticfiles;

import dev.gateway.servlet.http.HttpDates;
import jakarta.servlet.http.HttpServletRequest;

/**
 * The conditional request headers of RFC 9110 section 13, evaluated in the order of section 13.2.2
 * against a representation's validators: {@code If-Match}, else {@code If-Unmodified-Since} (412 when
 * false); {@code If-None-Match}, else {@code If-Modified-Since} for GET and HEAD (304 when false);
 * then whether {@code If-Range} lets a Range apply.
 */
final class Preconditions {

    /** What the conditional headers decide. */
    enum Outcome {
        /** Serve the request. */
        PROCEED,
        /** 304 Not Modified. */
        NOT_MODIFIED,
        /** 412 Precondition Failed. */
        FAILED
    }

    private Preconditions() {
    }

    /**
     * @param etag         the representation's entity tag, quoted (weak: {@code W/"..."})
     * @param lastModified its modification time in millis, truncated to seconds, or -1
     */
    static Outcome evaluate(HttpServletRequest request, String etag, long lastModified) {
        String ifMatch = request.getHeader("If-Match");
        if (ifMatch != null) {
            // Section 13.1.1: the strong comparison; our tags are weak, so only "*" matches.
            if (!ifMatch.trim().equals("*")) {
                return Outcome.FAILED;
            }
        } else if (lastModified >= 0) {
            long since = date(request.getHeader("If-Unmodified-Since"));
            if (since >= 0 && lastModified > since) {
                return Outcome.FAILED;
            }
        }
        boolean safe = request.getMethod().equals("GET") || request.getMethod().equals("HEAD");
        String ifNoneMatch = request.getHeader("If-None-Match");
        if (ifNoneMatch != null) {
            // Section 13.1.2: the weak comparison.
            if (weakMatch(ifNoneMatch, etag)) {
                return safe ? Outcome.NOT_MODIFIED : Outcome.FAILED;
            }
        } else if (safe && lastModified >= 0) {
            long since = date(request.getHeader("If-Modified-Since"));
            if (since >= 0 && lastModified <= since) {
                return Outcome.NOT_MODIFIED;
            }
        }
        return Outcome.PROCEED;
    }

    /**
     * Section 13.1.5: a Range applies only when {@code If-Range} is absent or still names this
     * representation; an entity tag there must match strongly (so our weak tags never do), a date
     * must equal the modification time exactly.
     */
    static boolean rangeApplies(HttpServletRequest request, String etag, long lastModified) {
        String ifRange = request.getHeader("If-Range");
        if (ifRange == null) {
            return true;
        }
        String value = ifRange.trim();
        if (value.startsWith("\"") || value.startsWith("W/")) {
            return false;
        }
        long date = date(value);
        return date >= 0 && date == lastModified;
    }

    private static boolean weakMatch(String header, String etag) {
        String opaque = opaque(etag);
        for (String candidate : header.split(",")) {
            String tag = candidate.trim();
            if (tag.equals("*") || opaque(tag).equals(opaque)) {
                return true;
            }
        }
        return false;
    }

    private static String opaque(String tag) {
        return tag.startsWith("W/") ? tag.substring(2) : tag;
    }

    private static long date(String value) {
        return value == null ? -1 : HttpDates.parse(value);
    }
}
