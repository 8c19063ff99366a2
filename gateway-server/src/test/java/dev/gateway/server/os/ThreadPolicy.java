package dev.gateway.server.os;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The calling thread's Linux scheduling policy, as proc(5) gives it: 0 is SCHED_OTHER, 3 SCHED_BATCH. */
public final class ThreadPolicy {

    private ThreadPolicy() {
    }

    /** Field 41 of {@code /proc/thread-self/stat}; the fields are counted after the command name's ')'. */
    public static int ofCurrentThread() throws IOException {
        String stat = Files.readString(Path.of("/proc/thread-self/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        return Integer.parseInt(fields[41 - 3]);
    }
}
