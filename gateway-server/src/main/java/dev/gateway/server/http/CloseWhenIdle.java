package dev.gateway.server.http;

/**
 * The user event that starts a graceful close of one connection (fire it on the channel's pipeline):
 * an idle keep-alive connection closes now, a busy one right after its current response (a request
 * whose head arrives later is answered with {@code Connection: close}). Running requests are not disturbed.
 */
public final class CloseWhenIdle {

    /** The event. */
    public static final CloseWhenIdle EVENT = new CloseWhenIdle();

    private CloseWhenIdle() {
    }
}
