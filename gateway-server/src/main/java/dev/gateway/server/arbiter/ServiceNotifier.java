package dev.gateway.server.arbiter;

import dev.gateway.server.net.SystemdNotify;
import java.util.Map;

/**
 * The master's life as systemd's {@code Type=notify} wants to hear it (sd_notify(3)): {@code READY=1}
 * once the listeners are bound and a generation of workers serves (the first, and again after each
 * reload), {@code RELOADING=1} when a reload begins, {@code STOPPING=1} when a stop begins,
 * {@code STATUS=} with the workers, and {@code WATCHDOG=1} at half of {@code WatchdogSec=} for as
 * long as the master's loop turns (a stuck loop stops the pings, and systemd restarts the service).
 * Without {@code NOTIFY_SOCKET} every method does nothing. Only the loop thread calls it.
 */
final class ServiceNotifier {

    private final SystemdNotify systemd;
    /** Half the watchdog interval, in nanoseconds; 0 without a watchdog. */
    private final long pingEveryNanos;
    private long lastPingNanos = System.nanoTime();
    private int readyGeneration = -1;
    private boolean stopping;
    private String status;

    private ServiceNotifier(SystemdNotify systemd, long pingEveryNanos) {
        this.systemd = systemd;
        this.pingEveryNanos = pingEveryNanos;
    }

    /** What {@code environment} asks for; a notifier that does nothing when it names no NOTIFY_SOCKET. */
    static ServiceNotifier fromEnvironment(Map<String, String> environment) {
        SystemdNotify systemd = SystemdNotify.fromEnvironment(environment);
        if (systemd == null) {
            return new ServiceNotifier(null, 0);
        }
        long watchdogMicros = SystemdNotify.watchdogMicros(environment, ProcessHandle.current().pid());
        return new ServiceNotifier(systemd, watchdogMicros * 1000 / 2);
    }

    /** No notifications at all: an embedded server is not the service. */
    static ServiceNotifier none() {
        return new ServiceNotifier(null, 0);
    }

    /** Every worker of {@code generation} serves: READY=1 the first time for this generation. */
    void serving(int generation, int workers) {
        if (systemd == null || stopping) {
            return;
        }
        String now = "STATUS=Serving with " + workers + " worker" + (workers == 1 ? "" : "s") + " (generation " + generation + ")";
        if (generation > readyGeneration) {
            readyGeneration = generation;
            status = now;
            systemd.send("READY=1\n" + now);
        } else if (!now.equals(status)) {
            status = now;
            systemd.send(now);
        }
    }

    /** A reload (HUP) begins. MONOTONIC_USEC lets systemd tell this reload from an earlier one. */
    void reloading() {
        if (systemd != null && !stopping) {
            systemd.send("RELOADING=1\nMONOTONIC_USEC=" + System.nanoTime() / 1000 + "\nSTATUS=Reloading");
        }
    }

    /** A reload failed before a new generation started: the running one serves on. */
    void reloadFailed() {
        if (systemd != null && !stopping) {
            status = "STATUS=Reload failed; serving with the previous configuration";
            systemd.send("READY=1\n" + status);
        }
    }

    /** A graceful or quick stop begins. */
    void stopping() {
        if (systemd != null && !stopping) {
            stopping = true;
            systemd.send("STOPPING=1\nSTATUS=Stopping");
        }
    }

    /** A turn of the master's loop: the watchdog ping, when due. */
    void tick() {
        if (systemd == null || pingEveryNanos <= 0) {
            return;
        }
        long now = System.nanoTime();
        if (now - lastPingNanos >= pingEveryNanos) {
            lastPingNanos = now;
            systemd.send("WATCHDOG=1");
        }
    }

    /** At the end of the master. */
    void close() {
        if (systemd != null) {
            systemd.close();
        }
    }
}
