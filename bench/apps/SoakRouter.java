package dev.gateway.bench;

import dev.gateway.spi.Application;
import dev.gateway.spi.Environ;
import dev.gateway.spi.StartResponse;
import dev.gateway.testapps.Crash;
import dev.gateway.testapps.Hello;
import dev.gateway.testapps.Sleep;
import dev.gateway.testapps.Stream;
import dev.gateway.testapps.Upload;

/**
 * The mixed application of bench/soak.sh: dispatches on the first path segment to the test apps
 * (/hello, /upload, /stream, /slow, /crash); anything else is Hello.
 */
public final class SoakRouter implements Application {

    private final Application hello = new Hello();
    private final Application upload = new Upload();
    private final Application stream = new Stream();
    private final Application slow = new Sleep();
    private final Application crash = new Crash();

    @Override
    public Iterable<byte[]> call(Environ environ, StartResponse startResponse) throws Exception {
        String path = environ.pathInfo();
        Application target = path.startsWith("/upload") ? upload
                : path.startsWith("/stream") ? stream
                : path.startsWith("/slow") ? slow
                : path.startsWith("/crash") ? crash
                : hello;
        return target.call(environ, startResponse);
    }
}
