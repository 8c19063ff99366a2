package dev.gateway.server.metrics;

import java.util.Map;

/** What the master knows that the Prometheus endpoint reports besides the JVM's own metrics. */
public interface ServerMetrics {

    /** Why workers end, as {@link #workerExits()} names them; each is reported, 0 included. */
    java.util.List<String> EXIT_REASONS = java.util.List.of("timeout", "max_requests", "crash", "retired");

    /** The request counts of every worker so far, the ones gone included. */
    RequestStatsSnapshot requestStats();

    /** Workers alive now. */
    int workers();

    /** Workers gone so far, by reason. */
    Map<String, Long> workerExits();

    /** Connections waiting in the kernel's accept queues of the TCP listeners; -1 when the kernel does not tell. */
    long acceptQueue();
}
