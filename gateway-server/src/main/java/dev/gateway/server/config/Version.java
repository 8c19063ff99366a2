package dev.gateway.server.config;

/** The server's version, as printed by {@code --version} and at startup. */
public final class Version {

    private Version() {
    }

    /** The version of this build, from the jar manifest when there is one. */
    public static final String VERSION = detect();

    private static String detect() {
        String fromManifest = Version.class.getPackage().getImplementationVersion();
        return fromManifest != null ? fromManifest : "0.1.0-SNAPSHOT";
    }
}
