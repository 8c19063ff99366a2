package dev.gateway.server.process;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The command line of a worker JVM: the same java, JVM flags and class path as the master's. */
public final class ChildJvm {

    private ChildJvm() {
    }

    private static final String NATIVE_ACCESS = "--enable-native-access=ALL-UNNAMED";

    /** {@code java [master's JVM flags] -cp [master's class path] mainClass args...}. */
    public static List<String> command(String mainClass, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(javaExecutable());
        List<String> flags = ManagementFactory.getRuntimeMXBean().getInputArguments();
        for (String flag : flags) {
            // A debugger agent would try to bind the master's debug port a second time.
            if (!flag.startsWith("-agentlib:jdwp") && !flag.startsWith("-Xrunjdwp")) {
                command.add(flag);
            }
        }
        // Under java -jar the master gets native access from its manifest (Enable-Native-Access), which
        // a worker started with -cp does not read: without the flag, Netty's epoll library loads with
        // a warning on JDK 22 and later.
        if (!flags.contains(NATIVE_ACCESS)) {
            command.add(NATIVE_ACCESS);
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass);
        command.addAll(args);
        return command;
    }

    private static String javaExecutable() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }
}
