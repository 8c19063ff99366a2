package dev.gateway.server.log;

import dev.gateway.server.config.LoggerNames;
import java.io.Writer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code gateway.errors}: each line an application writes becomes one error-log entry. */
public final class ErrorLogWriter extends Writer {

    private static final Logger errors = LoggerFactory.getLogger(LoggerNames.ERROR);
    private final StringBuilder line = new StringBuilder();

    @Override
    public synchronized void write(char[] buf, int off, int len) {
        for (int i = off; i < off + len; i++) {
            if (buf[i] == '\n') {
                errors.error(line.toString());
                line.setLength(0);
            } else {
                line.append(buf[i]);
            }
        }
    }

    @Override
    public synchronized void flush() {
        if (!line.isEmpty()) {
            errors.error(line.toString());
            line.setLength(0);
        }
    }

    @Override
    public void close() {
        flush();
    }
}
