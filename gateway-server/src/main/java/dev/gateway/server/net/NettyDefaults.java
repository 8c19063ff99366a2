package dev.gateway.server.net;

/**
 * The Netty system properties the command-line server (master and process workers) sets before
 * Netty's first class loads, each only when the JVM's command line did not set it. An embedding JVM
 * keeps its own.
 */
public final class NettyDefaults {

    /**
     * Netty 4.2 registers its Flight Recorder events (buffer allocation, leaks) when Netty first loads,
     * which loads the JDK's event classes and their annotation proxies: about 0.1 s of start-up and
     * 3-4 MiB of resident memory (docs/performance.md). They are off in a recording unless asked for;
     * {@code -Dio.netty.jfr.enabled=true} in {@code GATEWAY_JAVA_OPTS} brings them back.
     */
    static final String JFR_ENABLED = "io.netty.jfr.enabled";

    private NettyDefaults() {
    }

    /** Sets the defaults; must run before any Netty class initializes. */
    public static void apply() {
        if (System.getProperty(JFR_ENABLED) == null) {
            System.setProperty(JFR_ENABLED, "false");
        }
    }
}
