package dev.gateway.server.worker;

import dev.gateway.spi.Application;
import dev.gateway.spi.Environ;
import dev.gateway.spi.StartResponse;

/**
 * The application the http layer calls: it forwards to the application of the worker whose thread
 * runs the request. That is how a reload (SIGHUP) switches applications without the http layer
 * knowing: new workers carry the new application, retiring ones the old.
 */
public final class WorkerApplication implements Application {

    @Override
    public Iterable<byte[]> call(Environ environ, StartResponse startResponse) throws Exception {
        return Worker.applicationOfCurrentThread().call(environ, startResponse);
    }
}
