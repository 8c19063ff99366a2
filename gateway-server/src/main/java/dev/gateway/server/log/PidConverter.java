package dev.gateway.server.log;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/** {@code %pid} in logback patterns: this process's id, as in Gunicorn's {@code [1234]} column. */
public final class PidConverter extends ClassicConverter {

    private static final String PID = Long.toString(ProcessHandle.current().pid());

    @Override
    public String convert(ILoggingEvent event) {
        return PID;
    }
}
