package dev.gateway.spi.lint;

import java.io.PrintWriter;

/** The ERRORS rule: {@code gateway.errors} belongs to the server; the application writes but never closes it. */
final class LintErrors extends PrintWriter {

    private final Lint lint;

    LintErrors(Lint lint, PrintWriter server) {
        super(server, true);
        this.lint = lint;
    }

    @Override
    public void close() {
        throw lint.fail(Rule.ERRORS_1, "the application closed gateway.errors; the server owns it");
    }
}
