package dev.gateway.server.arbiter.apps;

import dev.gateway.server.hooks.ServerHooks;
import dev.gateway.server.hooks.WorkerInfo;

/** A post_fork hook that fails: the worker cannot boot. */
public final class FailingHooks implements ServerHooks {

    @Override
    public void postFork(WorkerInfo worker) {
        throw new IllegalStateException("post_fork refuses");
    }
}
