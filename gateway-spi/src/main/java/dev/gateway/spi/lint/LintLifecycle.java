package dev.gateway.spi.lint;

/**
 * What {@link Lint} has seen of the application's lifecycle (docs/spec.md, "Lifecycle"), and the
 * LIFE rules each step must keep. A host that never calls {@code startup()} is allowed (LIFE-1), so
 * a call in the {@link Phase#NEW} phase is not an error.
 */
final class LintLifecycle {

    /** Where the instance is in its lifecycle, as far as Lint saw. */
    private enum Phase {
        /** {@code startup()} not called (yet). */
        NEW,
        /** {@code startup()} running. */
        STARTING,
        /** {@code startup()} returned. */
        STARTED,
        /** {@code startup()} threw: the instance must not be used again. */
        FAILED,
        /** {@code shutdown()} called. */
        STOPPED
    }

    private final Lint lint;
    private Phase phase = Phase.NEW;
    private boolean called;

    LintLifecycle(Lint lint) {
        this.lint = lint;
    }

    synchronized void checkCall() {
        switch (phase) {
            case STARTING -> throw lint.fail(Rule.LIFE_1, "call() while startup() is still running");
            case FAILED -> throw lint.fail(Rule.LIFE_2, "call() after startup() failed");
            case STOPPED -> throw lint.fail(Rule.LIFE_4, "call() after shutdown()");
            default -> called = true;
        }
    }

    synchronized void starting() {
        if (phase != Phase.NEW) {
            throw lint.fail(Rule.LIFE_1, "startup() called a second time");
        }
        if (called) {
            throw lint.fail(Rule.LIFE_1, "startup() called after the first call()");
        }
        phase = Phase.STARTING;
    }

    synchronized void started() {
        phase = Phase.STARTED;
    }

    synchronized void failed() {
        phase = Phase.FAILED;
    }

    synchronized void stopping(int runningCalls, int openBodies) {
        switch (phase) {
            case NEW, STARTING -> throw lint.fail(Rule.LIFE_3, "shutdown() without a startup() that returned");
            case FAILED -> throw lint.fail(Rule.LIFE_2, "shutdown() after startup() failed");
            case STOPPED -> throw lint.fail(Rule.LIFE_3, "shutdown() called a second time");
            default -> {
            }
        }
        phase = Phase.STOPPED;
        if (runningCalls > 0 || openBodies > 0) {
            throw lint.fail(Rule.LIFE_3, "shutdown() while " + runningCalls + " call(s) ran and " + openBodies
                    + " bod" + (openBodies == 1 ? "y was" : "ies were") + " open");
        }
    }
}
