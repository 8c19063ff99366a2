package dev.gateway.server.hooks;

import java.net.SocketAddress;
import java.util.List;

/**
 * Code of yours that the server calls at fixed points of its life, as Gunicorn's server hooks. Name a
 * class implementing it with {@code --hooks CLASS} (public, no-arg constructor, loaded from
 * {@code --classpath}); override only what you need. A hook that throws is logged; in
 * {@link #postFork} it fails the worker's boot, which stops the server (exit code 3).
 *
 * <p>Where each hook runs: the master hooks ({@code on_starting}, {@code when_ready}, {@code pre_fork},
 * {@code worker_exit}, {@code nworkers_changed}, {@code on_exit}) on the master's loop thread; the
 * worker hooks ({@code post_fork}, {@code pre_request}, {@code post_request}) inside the worker: on its
 * request thread, in the child JVM for the {@code process} worker class.
 */
public interface ServerHooks {

    /** No hooks. */
    ServerHooks NONE = new ServerHooks() {
    };

    /** The master is starting, before it binds. */
    default void onStarting() {
    }

    /** Every listener is bound and the first workers are started. */
    default void whenReady(List<SocketAddress> addresses) {
    }

    /** The master is about to start {@code worker}. */
    default void preFork(WorkerInfo worker) {
    }

    /** Inside the new worker, before it takes its first request. */
    default void postFork(WorkerInfo worker) {
    }

    /** The master saw {@code worker} end (retired, crashed or killed). */
    default void workerExit(WorkerInfo worker) {
    }

    /** Inside the worker, before the application is called; {@code request} is {@code METHOD target}. */
    default void preRequest(WorkerInfo worker, String request) {
    }

    /** Inside the worker, after the response was written or abandoned. */
    default void postRequest(WorkerInfo worker, String request) {
    }

    /** The wanted number of workers changed (TTIN, TTOU, reload). */
    default void nworkersChanged(int newValue, int oldValue) {
    }

    /** The master is about to exit. */
    default void onExit() {
    }
}
