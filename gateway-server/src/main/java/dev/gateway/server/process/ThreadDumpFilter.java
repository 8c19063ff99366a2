package dev.gateway.server.process;

import java.util.regex.Pattern;

/**
 * Sorts the lines of the thread dump a worker JVM prints on SIGQUIT (its whole stack of threads:
 * GC, compiler, Netty's event loops and the rest) into what an operator needs after a WORKER
 * TIMEOUT, the stacks of the threads that were serving requests (what the application was doing),
 * and everything else, which is kept for debugging only. Lines outside a dump pass as they are.
 */
public final class ThreadDumpFilter {

    /** Where a line goes. */
    public enum Verdict {
        /** Not part of a dump: logged as the worker's stray output always was. */
        PLAIN,
        /** A request thread's stack: logged at error level. */
        REQUEST_THREAD,
        /** The rest of the dump: logged at debug level. */
        DETAIL
    }

    /** The names of the threads that run requests ({@code worker.ThreadWorker}'s lanes). */
    private static final String REQUEST_THREAD_PREFIX = "\"gateway-worker-";
    /** HotSpot prints the time on the line before the dump's first. */
    private static final Pattern TIMESTAMP = Pattern.compile("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}");

    private boolean inDump;
    private boolean inRequestThread;

    /** Where {@code line}, the next line of the worker's output, goes. */
    public Verdict classify(String line) {
        if (line.startsWith("Full thread dump ")) {
            inDump = true;
            inRequestThread = false;
            return Verdict.DETAIL;
        }
        if (!inDump) {
            return TIMESTAMP.matcher(line).matches() ? Verdict.DETAIL : Verdict.PLAIN;
        }
        if (line.startsWith("\"")) {
            inRequestThread = line.startsWith(REQUEST_THREAD_PREFIX);
        } else if (line.startsWith("JNI global refs") || line.equals("Heap")) {
            inRequestThread = false;
        } else if (!line.isEmpty() && !Character.isWhitespace(line.charAt(0)) && !line.startsWith("Threads class SMR")
                && !line.startsWith("_java_thread_list") && !line.startsWith("0x") && !line.equals("}")) {
            // A line that is no part of a dump's shape: the dump is over.
            inDump = false;
            return Verdict.PLAIN;
        }
        return inRequestThread ? Verdict.REQUEST_THREAD : Verdict.DETAIL;
    }
}
