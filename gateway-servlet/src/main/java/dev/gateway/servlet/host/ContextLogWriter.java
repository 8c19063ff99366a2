package dev.gateway.servlet.host;

import jakarta.servlet.ServletContext;
import java.io.Writer;

/**
 * {@code gateway.errors} on a Servlet container: every line the application writes becomes one
 * {@link ServletContext#log(String)} record, the container's own log for the web application (as
 * gateway-server makes each line one record of its error log).
 */
final class ContextLogWriter extends Writer {

    private final ServletContext context;
    private final StringBuilder line = new StringBuilder();

    ContextLogWriter(ServletContext context) {
        this.context = context;
    }

    @Override
    public synchronized void write(char[] chars, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            char c = chars[i];
            if (c == '\n') {
                emit();
            } else if (c != '\r') {
                line.append(c);
            }
        }
    }

    /** A partial line stays until its end arrives: a flush between print and println must not split it. */
    @Override
    public void flush() {
    }

    @Override
    public synchronized void close() {
        if (!line.isEmpty()) {
            emit();
        }
    }

    private void emit() {
        context.log(line.toString());
        line.setLength(0);
    }
}
