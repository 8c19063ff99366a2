package dev.gateway.server.net;

import io.netty.util.internal.PlatformDependent;

/**
 * The Netty system properties the command-line server (master and process workers) sets before
 * Netty's first class loads, each only when the JVM's command line did not set it, and Netty's static
 * set-up, run ahead of need. An embedding JVM keeps its own properties.
 */
public final class NettyDefaults {

    /**
     * Netty 4.2 registers its Flight Recorder events (buffer allocation, leaks) when Netty first loads,
     * which loads the JDK's event classes and their annotation proxies: about 0.1 s of start-up and
     * 3-4 MiB of resident memory (docs/performance.md). They are off in a recording unless asked for;
     * {@code -Dio.netty.jfr.enabled=true} in {@code GATEWAY_JAVA_OPTS} brings them back.
     */
    static final String JFR_ENABLED = "io.netty.jfr.enabled";

    /**
     * Netty's leak detector, at its default level, records a stack trace for one buffer in 128: about
     * 1 % of the CPU samples of a small request (docs/performance.md). What it watches is the server's
     * own buffer handling, since applications never hold a Netty buffer (the SPI has none), and the
     * test suite runs that code with the detector at its paranoid level on every build. So it is off,
     * as Vert.x has it; {@code -Dio.netty.leakDetection.level=simple} in {@code GATEWAY_JAVA_OPTS}
     * brings it back.
     */
    static final String LEAK_DETECTION = "io.netty.leakDetection.level";

    private NettyDefaults() {
    }

    /** Sets the defaults; must run before any Netty class initializes. */
    public static void apply() {
        setUnlessGiven(JFR_ENABLED, "false");
        setUnlessGiven(LEAK_DETECTION, "disabled");
    }

    /**
     * Runs Netty's own static set-up, which the first listener would otherwise wait for: the platform
     * probe and, on JDK 24 and later with native access on (the launcher turns it on for the server's
     * own system calls), the linking of the C library's malloc and free through the foreign-function
     * API that its direct-memory cleaner uses (about 0.1 s); then the transport's native library.
     * The master and each process worker run it on their early start thread ({@code Logging.startEarly}),
     * after {@link #apply}.
     */
    public static void initialize() {
        PlatformDependent.hasUnsafe();
        Transport.best();
    }

    private static void setUnlessGiven(String property, String value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, value);
        }
    }
}
