package dev.gateway.spi.lint;

import dev.gateway.spi.BodyWriter;
import dev.gateway.spi.Header;
import dev.gateway.spi.StartResponse;
import dev.gateway.spi.server.ResponseRules;
import java.util.List;

/** The START, HEADER and WRITE rules: what the application passes to {@code start()} and {@code write()}. */
final class LintStartResponse implements StartResponse {

    private final Lint lint;
    private final LintCall call;
    private final StartResponse server;

    LintStartResponse(Lint lint, LintCall call, StartResponse server) {
        this.lint = lint;
        this.call = call;
        this.server = server;
    }

    @Override
    public BodyWriter start(String status, List<Header> headers, Throwable excInfo) {
        if (call.isAccepted()) {
            throw lint.fail(Rule.WS_2, "start() called after the WebSocket upgrade was accepted");
        }
        if (excInfo == null && call.started()) {
            throw lint.fail(Rule.START_3, "start() called a second time without excInfo");
        }
        String problem = ResponseRules.checkStatus(status);
        if (problem != null) {
            throw lint.fail(Rule.START_1, problem);
        }
        int code = ResponseRules.statusCode(status);
        long contentLength = checkHeaders(headers, code);
        BodyWriter writer;
        try {
            writer = server.start(status, headers, excInfo);
        } catch (RuntimeException | Error e) {
            if (excInfo != null) {
                call.markExcInfoRethrown();
            }
            throw e;
        }
        call.started(status, code, contentLength);
        return data -> write(writer, data);
    }

    /** Checks every header; returns the Content-Length the application gave, or -1. */
    private long checkHeaders(List<Header> headers, int code) {
        if (headers == null) {
            throw lint.fail(Rule.START_2, "headers is null; pass List.of() for none");
        }
        long contentLength = -1;
        for (Header header : headers) {
            if (header == null) {
                throw lint.fail(Rule.START_2, "headers contains null");
            }
            String problem = ResponseRules.checkHeaderName(header.name());
            if (problem != null) {
                throw lint.fail(Rule.HEADER_1, problem);
            }
            if (ResponseRules.isHopByHop(header.name())) {
                throw lint.fail(Rule.HEADER_3, "header " + header.name() + " is hop-by-hop; the server owns it");
            }
            problem = ResponseRules.checkHeaderValue(header.name(), header.value());
            if (problem != null) {
                throw lint.fail(Rule.HEADER_2, problem);
            }
            if (header.name().equalsIgnoreCase("Content-Length")) {
                contentLength = checkContentLength(header.value(), contentLength, code);
            }
        }
        return contentLength;
    }

    private long checkContentLength(String value, long previous, int code) {
        if (previous >= 0) {
            throw lint.fail(Rule.HEADER_4, "more than one Content-Length header");
        }
        if (!EnvironCheck.isDigits(value)) {
            throw lint.fail(Rule.HEADER_4, "Content-Length " + ResponseRules.quote(value) + " is not a number of bytes");
        }
        if (code == 204) {
            // RFC 9110 section 8.6: a 204 response never carries Content-Length.
            throw lint.fail(Rule.HEADER_5, "a 204 response has a Content-Length header");
        }
        return Long.parseLong(value);
    }

    private void write(BodyWriter writer, byte[] data) throws java.io.IOException {
        if (call.returned()) {
            throw lint.fail(Rule.WRITE_2, "write() called after call() returned; return the rest as the body");
        }
        if (data == null) {
            throw lint.fail(Rule.WRITE_1, "write(null); write new byte[0] for nothing");
        }
        call.bodyBytes(data.length, "write()");
        writer.write(data);
    }
}
