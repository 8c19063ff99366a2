package dev.gateway.server.hooks;

/**
 * Which worker a hook is about.
 *
 * @param id         the worker's number, 1, 2, ... (a replacement gets a new number)
 * @param pid        the process the worker runs in: the child JVM's for process workers, else the master's
 * @param generation 0 for the workers of the first start, +1 at each reload (SIGHUP)
 */
public record WorkerInfo(int id, long pid, int generation) {
}
