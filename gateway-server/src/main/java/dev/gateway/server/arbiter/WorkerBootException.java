package dev.gateway.server.arbiter;

/** A worker could not start: the master stops with {@link dev.gateway.server.config.ExitCode#WORKER_BOOT_ERROR} instead of retrying. */
final class WorkerBootException extends Exception {

    WorkerBootException(String message, Throwable cause) {
        super(message, cause);
    }
}
