package dev.gateway.server.log;

import dev.gateway.server.config.LoggerNames;
import dev.gateway.server.http.RequestObserver;
import dev.gateway.server.http.RequestRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The access log: one line per request, in the configured {@link AccessLogFormat}, through the slf4j
 * logger {@code gateway.access}, so that logback's appenders (files, rotation, shipping) apply.
 */
public final class AccessLog implements RequestObserver {

    private static final Logger access = LoggerFactory.getLogger(LoggerNames.ACCESS);
    private final AccessLogFormat format;

    public AccessLog(AccessLogFormat format) {
        this.format = format;
    }

    @Override
    public void completed(RequestRecord record) {
        if (access.isInfoEnabled()) {
            access.info(format.format(record));
        }
    }
}
