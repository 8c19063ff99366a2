package dev.gateway.conformance;

import dev.gateway.spi.Application;
import dev.gateway.spi.Body;
import dev.gateway.spi.Environ;
import dev.gateway.spi.EnvironKeys;
import dev.gateway.spi.Header;
import dev.gateway.spi.StartResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Several applications behind one, each at a path prefix, by PEP 3333's path shifting: the prefix
 * moves from {@code PATH_INFO} to the end of {@code SCRIPT_NAME}, so each application sees the paths it
 * would see alone. Its {@code startup()} and {@code shutdown()} reach every application.
 */
final class Mount implements Application {

    private final Map<String, Application> mounts = new LinkedHashMap<>();

    Mount at(String prefix, Application application) {
        mounts.put(prefix, application);
        return this;
    }

    @Override
    public Iterable<byte[]> call(Environ environ, StartResponse startResponse) throws Exception {
        String path = environ.pathInfo();
        for (Map.Entry<String, Application> mount : mounts.entrySet()) {
            String prefix = mount.getKey();
            if (path.equals(prefix) || path.startsWith(prefix + "/")) {
                environ.put(EnvironKeys.SCRIPT_NAME, environ.scriptName() + prefix);
                environ.put(EnvironKeys.PATH_INFO, path.substring(prefix.length()));
                return mount.getValue().call(environ, startResponse);
            }
        }
        startResponse.start("404 Not Found", List.of(Header.of("Content-Type", "text/plain")));
        return Body.of("no application at " + path + "\n");
    }

    @Override
    public void startup() throws Exception {
        for (Application application : mounts.values()) {
            application.startup();
        }
    }

    @Override
    public void shutdown() throws Exception {
        for (Application application : mounts.values()) {
            application.shutdown();
        }
    }
}
