package dev.gateway.server.config;

/** {@code worker_class}: how a worker runs requests (docs/architecture.md, "Worker classes"). */
public enum WorkerClass implements Choice {
    /** {@code --threads} platform threads per worker, in the master's JVM. */
    THREAD,
    /** One virtual thread per request, in the master's JVM. */
    VIRTUAL,
    /** One child JVM per worker, with {@code --threads} platform threads. */
    PROCESS;

    /** The class named by {@code word} ({@code thread}, {@code virtual}, {@code process}). */
    public static WorkerClass of(String word) {
        return Settings.WORKER_CLASS.type().parse(word);
    }

    /** The word, as the log and the command line write it. */
    @Override
    public String toString() {
        return word();
    }
}

