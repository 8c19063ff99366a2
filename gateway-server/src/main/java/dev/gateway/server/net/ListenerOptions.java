package dev.gateway.server.net;

import dev.gateway.server.config.Config;
import dev.gateway.server.config.Settings;

/**
 * How each listening socket is made, whichever process binds it.
 *
 * @param backlog   the accept queue length ({@code --backlog})
 * @param umask     the bits masked out of a Unix socket file's mode 0777 ({@code --umask})
 * @param reusePort SO_REUSEPORT on TCP listeners ({@code --reuse-port})
 */
public record ListenerOptions(int backlog, int umask, boolean reusePort) {

    /** The options the settings give. */
    public static ListenerOptions of(Config config) {
        return new ListenerOptions(config.get(Settings.BACKLOG), config.get(Settings.UMASK), config.get(Settings.REUSE_PORT));
    }

    /** For a server whose listeners come from elsewhere (a process worker adopts the master's). */
    public static ListenerOptions withBacklog(int backlog) {
        return new ListenerOptions(backlog, 0, false);
    }
}
