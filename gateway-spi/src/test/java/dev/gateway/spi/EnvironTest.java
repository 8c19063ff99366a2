package dev.gateway.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ConcurrentModificationException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The environ is a {@code Map<String, Object>} with a table of its own: every operation must do what
 * a {@link HashMap} does with the same calls, growth, removal during iteration and write-through
 * entries included.
 */
class EnvironTest {

    private static final long SEED = Long.getLong("gateway.environ.seed", System.nanoTime());

    @Test
    void randomOperationsMatchAHashMap() {
        System.out.println("EnvironTest seed " + SEED + " (replay with -Dgateway.environ.seed=" + SEED + ")");
        Random random = new Random(SEED);
        for (int round = 0; round < 200; round++) {
            Environ environ = new Environ();
            Map<String, Object> expected = new HashMap<>();
            // Few distinct keys make replacements and removals common; many make the table grow.
            int keys = 1 + random.nextInt(round % 2 == 0 ? 40 : 400);
            for (int op = 0; op < 2_000; op++) {
                String key = random.nextInt(50) == 0 ? null : "HTTP_X_" + random.nextInt(keys);
                String context = "seed " + SEED + ", round " + round + ", op " + op + ", key " + key;
                switch (random.nextInt(6)) {
                    case 0, 1, 2 -> {
                        Integer value = random.nextInt(10) == 0 ? null : op;
                        assertEquals(expected.put(key, value), environ.put(key, value), context);
                    }
                    case 3 -> assertEquals(expected.remove(key), environ.remove(key), context);
                    case 4 -> assertEquals(expected.containsKey(key), environ.containsKey(key), context);
                    default -> removeSomeWhileIterating(environ, expected, random);
                }
                assertEquals(expected.get(key), environ.get(key), context);
                assertEquals(expected.size(), environ.size(), context);
            }
            assertEquals(expected, environ, "seed " + SEED + ", round " + round);
            assertEquals(environ, expected, "seed " + SEED + ", round " + round);
            assertEquals(expected.hashCode(), environ.hashCode(), "seed " + SEED + ", round " + round);
            assertEquals(expected, new Environ(environ), "seed " + SEED + ", round " + round);
        }
    }

    /** Removes every third entry through the iterator and rewrites the value of every fifth. */
    private static void removeSomeWhileIterating(Environ environ, Map<String, Object> expected, Random random) {
        int step = 0;
        for (Iterator<Map.Entry<String, Object>> it = environ.entrySet().iterator(); it.hasNext(); step++) {
            Map.Entry<String, Object> entry = it.next();
            if (step % 3 == 0 && random.nextBoolean()) {
                it.remove();
                expected.remove(entry.getKey());
            } else if (step % 5 == 0) {
                entry.setValue("rewritten");
                expected.put(entry.getKey(), "rewritten");
            }
        }
    }

    @Test
    void anEntryWritesThroughEvenAfterTheTableGrew() {
        Environ environ = new Environ();
        environ.put("HTTP_HOST", "a");
        Map.Entry<String, Object> host = environ.entrySet().iterator().next();
        for (int i = 0; i < 1_000; i++) {
            environ.put("HTTP_X_" + i, i);
        }
        assertEquals("a", host.setValue("b"));
        assertEquals("b", environ.get("HTTP_HOST"));
        environ.remove("HTTP_HOST");
        assertThrows(IllegalStateException.class, host::getValue);
    }

    @Test
    void addingAKeyWhileIteratingFailsFast() {
        Environ environ = new Environ(Map.of("A", 1, "B", 2));
        Iterator<String> keys = environ.keySet().iterator();
        keys.next();
        environ.put("C", 3);
        assertThrows(ConcurrentModificationException.class, keys::next);
    }

    @Test
    void replacingAValueWhileIteratingIsAllowed() {
        Environ environ = new Environ(Map.of("A", 1, "B", 2));
        for (String key : environ.keySet()) {
            environ.put(key, 0);
        }
        assertEquals(Map.of("A", 0, "B", 0), environ);
    }

    @Test
    void clearEmptiesAndTheEnvironIsUsableAfter() {
        Environ environ = new Environ();
        for (int i = 0; i < 100; i++) {
            environ.put("K" + i, i);
        }
        environ.clear();
        assertTrue(environ.isEmpty());
        assertNull(environ.get("K1"));
        assertFalse(environ.entrySet().iterator().hasNext());
        environ.put("K1", 1);
        assertEquals(Map.of("K1", 1), environ);
    }
}
