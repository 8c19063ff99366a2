package dev.gateway.server.hooks;

import dev.gateway.server.app.AppLoadException;
import dev.gateway.server.app.AppLoader;
import java.nio.file.Path;
import java.util.List;

/** Loads the {@code --hooks} class from the application's class path. */
public final class HooksLoader {

    private HooksLoader() {
    }

    /**
     * The hooks named by {@code className} (class path entries relative to {@code baseDir}), or {@link ServerHooks#NONE} when it is empty.
     *
     * @throws AppLoadException when the class is missing, has no public no-arg constructor, or is no ServerHooks
     */
    public static ServerHooks load(String className, List<String> classpath, Path baseDir) throws AppLoadException {
        if (className.isEmpty()) {
            return ServerHooks.NONE;
        }
        Object hooks = new AppLoader(classpath, baseDir).instantiate(className);
        if (!(hooks instanceof ServerHooks serverHooks)) {
            throw new AppLoadException("hooks class " + className + " does not implement " + ServerHooks.class.getName());
        }
        return serverHooks;
    }
}
