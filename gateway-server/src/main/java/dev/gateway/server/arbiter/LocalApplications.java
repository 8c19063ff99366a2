package dev.gateway.server.arbiter;

import dev.gateway.server.worker.ApplicationLifecycle;
import dev.gateway.spi.Application;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The application instances that in-JVM workers serve, and their lifecycle (docs/spec.md,
 * "Lifecycle"): an instance is started once, before the first worker that serves it, and stopped
 * once, when no worker serves it any more and a newer instance replaced it (a reload), or when the
 * workers stop for good. Workers of one generation share its instance, so a worker replaced for
 * {@code max_requests} neither stops nor restarts it. Used by the master's loop thread only.
 */
final class LocalApplications {

    /** The started instances, and how many live workers serve each. */
    private final Map<Application, Integer> serving = new IdentityHashMap<>();
    /** Instances whose startup() threw: never called again (LIFE-2). */
    private final Set<Application> failed = Collections.newSetFromMap(new IdentityHashMap<>());

    /**
     * Starts {@code application} unless it already runs (LIFE-1).
     *
     * @throws Exception what its {@code startup()} threw; it is then forgotten, never stopped (LIFE-2)
     */
    void start(Application application) throws Exception {
        if (serving.containsKey(application)) {
            return;
        }
        if (failed.contains(application)) {
            throw new IllegalStateException("the application failed to start before; it is not started again");
        }
        try {
            ApplicationLifecycle.start(application);
        } catch (Exception e) {
            failed.add(application);
            throw e;
        }
        serving.put(application, 0);
    }

    /** A worker serving {@code application} starts; the application must have been {@link #start started}. */
    void workerStarted(Application application) {
        serving.merge(application, 1, Integer::sum);
    }

    /** A worker serving {@code application} exited: stops it if nothing serves it and {@code current} replaced it. */
    void workerExited(Application application, Application current) {
        Integer left = serving.computeIfPresent(application, (app, count) -> count - 1);
        if (left != null && left <= 0 && application != current) {
            serving.remove(application);
            ApplicationLifecycle.stop(application);
        }
    }

    /** Stops every instance still started: the workers are gone (LIFE-3). */
    void stopAll() {
        List<Application> started = new ArrayList<>(serving.keySet());
        serving.clear();
        started.forEach(ApplicationLifecycle::stop);
    }
}
