package dev.gateway.server.http;

/**
 * The user event that starts a graceful close of one connection (fire it on the channel's pipeline):
 * a busy connection closes right after its current response, an idle keep-alive one after
 * {@link #GRACE_MILLIS} without a request (one arriving meanwhile is served and answered with
 * {@code Connection: close}, so a client that sent it as the close came does not lose it). Running
 * requests are not disturbed.
 */
public final class CloseWhenIdle {

    /** The event. */
    public static final CloseWhenIdle EVENT = new CloseWhenIdle();

    /** How long an idle connection may still bring one last request (at most its keep-alive timeout). */
    public static final long GRACE_MILLIS = 250;

    private CloseWhenIdle() {
    }
}
