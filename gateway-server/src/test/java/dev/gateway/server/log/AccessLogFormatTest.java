package dev.gateway.server.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.gateway.server.http.RequestRecord;
import dev.gateway.server.support.JsonTree;
import dev.gateway.spi.Header;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The access log's atoms and escaping, without a server. */
class AccessLogFormatTest {

    private static RequestRecord record(HttpHeaders headers, int status, long bytes) {
        return new RequestRecord("10.0.0.1", "GET", "/a/b?c=d", "HTTP/1.0", status, bytes, 0L, 1_234_567_890L,
                headers, List.of(Header.of("X-Out", "o\"ut")), null, 0);
    }

    @Test
    void durationsAndBytes() {
        AccessLogFormat format = AccessLogFormat.compile("%(T)s %(M)s %(D)s %(L)s %(B)s %(b)s %(s)s");
        assertEquals("1 1234 1234567 1.234567 0 - 404", format.format(record(new DefaultHttpHeaders(), 404, 0)));
    }

    @Test
    void textEscapingKeepsOneLinePerRequest() {
        HttpHeaders headers = new DefaultHttpHeaders(false).add("User-Agent", "a\"b\\c\u0001\u00e9\u007f");
        assertEquals("\"a\\\"b\\\\c\\x01\\xe9\\x7f\" \"o\\\"ut\"",
                AccessLogFormat.compile("\"%(a)s\" \"%({x-out}o)s\"").format(record(headers, 200, 1)));
    }

    @Test
    void jsonEscapingGivesValidJsonForEveryByte() {
        StringBuilder every = new StringBuilder();
        for (char c = 0; c < 256; c++) {
            every.append(c);
        }
        HttpHeaders headers = new DefaultHttpHeaders(false).add("User-Agent", every.toString());
        Map<String, Object> entry = JsonTree.parseObject(AccessLogFormat.compile("json").format(record(headers, 200, 5)));
        assertEquals(every.toString(), entry.get("user_agent"));
        assertEquals("/a/b", entry.get("path"));
        assertEquals("c=d", entry.get("query"));
        assertEquals(1_234_567L, ((Number) entry.get("duration_us")).longValue());
    }

    @Test
    void unknownAtomsAreRefused() {
        assertEquals("has an unknown placeholder %(Z)s", AccessLogFormat.check("%(Z)s"));
        assertNull(AccessLogFormat.check(AccessLogFormat.DEFAULT));
        assertNull(AccessLogFormat.check("json"));
    }
}
