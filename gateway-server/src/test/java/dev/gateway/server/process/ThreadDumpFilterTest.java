package dev.gateway.server.process;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gateway.server.process.ThreadDumpFilter.Verdict;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** After a WORKER TIMEOUT only the request threads' stacks of a worker's dump reach the error log. */
class ThreadDumpFilterTest {

    /** A HotSpot dump (JDK 25's layout, shortened), as SIGQUIT prints it, between two stray lines. */
    private static final String OUTPUT = """
            a stray line before
            2026-12-04 18:00:00
            Full thread dump OpenJDK 64-Bit Server VM (25+36-LTS mixed mode, sharing):

            Threads class SMR info:
            _java_thread_list=0x00007f40a8002b30, length=3, elements={
            0x00007f40d8027c10, 0x00007f40d8150ec0, 0x00007f40d81522c0
            }

            "main" #1 [4242] prio=5 os_prio=0 cpu=412.30ms elapsed=3.21s tid=0x00007f40d8027c10 nid=4242 waiting on condition  [0x00007f40dd1fe000]
               java.lang.Thread.State: WAITING (parking)
            \tat jdk.internal.misc.Unsafe.park(java.base@25/Native Method)
            \tat dev.gateway.server.worker.ProcessWorkerMain.main(ProcessWorkerMain.java:70)

            "gateway-worker-1-1" #31 [4280] prio=5 os_prio=0 cpu=2.10ms elapsed=2.90s tid=0x00007f40d8150ec0 nid=4280 waiting on condition  [0x00007f40a4ffe000]
               java.lang.Thread.State: TIMED_WAITING (sleeping)
            \tat java.lang.Thread.sleep0(java.base@25/Native Method)
            \tat dev.gateway.testapps.Sleep.call(Sleep.java:17)
            \t- locked <0x00000000e0c1a2b8> (a java.lang.Object)

            "C2 CompilerThread0" #9 [4251] daemon prio=9 os_prio=0 cpu=301.11ms elapsed=3.20s tid=0x00007f40d81522c0 nid=4251 waiting on condition  [0x0000000000000000]
               java.lang.Thread.State: RUNNABLE

            "VM Thread" os_prio=0 cpu=3.31ms elapsed=3.21s tid=0x00007f40d80f3a40 nid=4247 runnable

            JNI global refs: 23, weak refs: 0

            Heap
             garbage-first heap   total reserved 8192K, committed 16384K, used 9104K
              region size 1024K, 5 young (5120K), 1 survivors (1024K)

            a stray line after
            """;

    @Test
    void theRequestThreadsStackIsAnErrorTheRestOfTheDumpDetailAndStrayLinesStayPlain() {
        ThreadDumpFilter filter = new ThreadDumpFilter();
        List<String> errors = new ArrayList<>();
        List<String> plain = new ArrayList<>();
        int detail = 0;
        for (String line : OUTPUT.lines().toList()) {
            Verdict verdict = filter.classify(line);
            switch (verdict) {
                case REQUEST_THREAD -> errors.add(line);
                case PLAIN -> plain.add(line);
                case DETAIL -> detail++;
            }
        }
        assertEquals(List.of("a stray line before", "a stray line after"), plain);
        assertEquals("\"gateway-worker-1-1\"", errors.get(0).substring(0, 20));
        assertEquals("\tat dev.gateway.testapps.Sleep.call(Sleep.java:17)", errors.get(3));
        assertEquals(6, errors.size(), "the request thread's block, its blank end included: " + errors);
        assertEquals(OUTPUT.lines().count() - 8, detail);
    }
}
