package dev.gateway.spi.lint;

/**
 * The rules {@link Lint} checks, one constant per rule of docs/spec.md. The id ({@code ENV-3}) is the
 * constant's name with a dash; it starts every Lint failure message and names the rule in the spec.
 * A test checks that the ids here and the ids in docs/spec.md are the same set.
 */
public enum Rule {
    // Environ: what the server hands the application.
    ENV_1(Side.SERVER), ENV_2(Side.SERVER), ENV_3(Side.SERVER), ENV_4(Side.SERVER), ENV_5(Side.SERVER),
    ENV_6(Side.SERVER), ENV_7(Side.SERVER), ENV_8(Side.SERVER), ENV_9(Side.SERVER), ENV_10(Side.SERVER),
    ENV_11(Side.SERVER), ENV_12(Side.SERVER), ENV_13(Side.SERVER), ENV_14(Side.SERVER), ENV_15(Side.SERVER),
    // gateway.input and gateway.errors.
    INPUT_1(Side.APPLICATION), INPUT_2(Side.SERVER), INPUT_3(Side.SERVER), INPUT_4(Side.SERVER),
    INPUT_5(Side.APPLICATION), ERRORS_1(Side.APPLICATION),
    // start(), its headers, and the write callable.
    START_1(Side.APPLICATION), START_2(Side.APPLICATION), START_3(Side.APPLICATION), START_4(Side.APPLICATION),
    START_5(Side.APPLICATION),
    HEADER_1(Side.APPLICATION), HEADER_2(Side.APPLICATION), HEADER_3(Side.APPLICATION),
    HEADER_4(Side.APPLICATION), HEADER_5(Side.APPLICATION),
    WRITE_1(Side.APPLICATION), WRITE_2(Side.APPLICATION),
    // The returned body and its close().
    BODY_1(Side.APPLICATION), BODY_2(Side.APPLICATION), BODY_3(Side.SERVER), BODY_4(Side.SERVER),
    BODY_5(Side.SERVER), BODY_6(Side.APPLICATION), BODY_7(Side.APPLICATION),
    // Threads.
    THREAD_1(Side.SERVER), THREAD_2(Side.APPLICATION),
    // The application's lifecycle: startup() and shutdown().
    LIFE_1(Side.SERVER), LIFE_2(Side.SERVER), LIFE_3(Side.SERVER), LIFE_4(Side.SERVER),
    // WebSocket: the upgrade offer, accept() and the session.
    WS_1(Side.SERVER), WS_2(Side.APPLICATION), WS_3(Side.APPLICATION), WS_4(Side.APPLICATION),
    WS_5(Side.APPLICATION), WS_6(Side.APPLICATION);

    /** Who must keep a rule: the side Lint blames when it is broken. */
    public enum Side {
        /** The server (or the middleware in front of Lint). */
        SERVER,
        /** The application (or the middleware behind Lint). */
        APPLICATION
    }

    private final Side side;

    Rule(Side side) {
        this.side = side;
    }

    /** The id used in docs/spec.md and in failure messages, e.g. {@code ENV-3}. */
    public String id() {
        return name().replace('_', '-');
    }

    /** Who must keep this rule. */
    public Side side() {
        return side;
    }
}
