package dev.gateway.server.http;

/**
 * The user event that starts a graceful close of one connection (fire it on the channel's pipeline):
 * an idle keep-alive connection closes now, a busy one after its current response, which announces
 * {@code Connection: close} when it has not started yet. Requests already running are not disturbed.
 */
public final class CloseWhenIdle {

    /** The event. */
    public static final CloseWhenIdle EVENT = new CloseWhenIdle();

    private CloseWhenIdle() {
    }
}
