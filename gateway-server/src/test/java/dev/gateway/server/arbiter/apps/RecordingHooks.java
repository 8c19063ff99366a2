package dev.gateway.server.arbiter.apps;

import dev.gateway.server.hooks.ServerHooks;
import dev.gateway.server.hooks.WorkerInfo;
import java.net.SocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records the name of each hook called, in order, in {@link #CALLS}; pre_request throws, which must not matter. */
public final class RecordingHooks implements ServerHooks {

    public static final List<String> CALLS = new CopyOnWriteArrayList<>();

    @Override
    public void onStarting() {
        CALLS.add("on_starting");
    }

    @Override
    public void whenReady(List<SocketAddress> addresses) {
        CALLS.add("when_ready");
    }

    @Override
    public void preFork(WorkerInfo worker) {
        CALLS.add("pre_fork");
    }

    @Override
    public void postFork(WorkerInfo worker) {
        CALLS.add("post_fork");
    }

    @Override
    public void workerExit(WorkerInfo worker) {
        CALLS.add("worker_exit");
    }

    @Override
    public void preRequest(WorkerInfo worker, String request) {
        CALLS.add("pre_request " + request);
        throw new IllegalStateException("a failing pre_request hook (expected by the test)");
    }

    @Override
    public void postRequest(WorkerInfo worker, String request) {
        CALLS.add("post_request " + request);
    }

    @Override
    public void nworkersChanged(int newValue, int oldValue) {
        CALLS.add("nworkers_changed");
    }

    @Override
    public void onExit() {
        CALLS.add("on_exit");
    }
}
