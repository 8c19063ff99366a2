package dev.gateway.server.os;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The build and the launcher run JDK 25, so the foreign function API is there to be found. */
class NativeFunctionTest {

    @Test
    void callsTheCLibraryAndGivesItsResult() throws Throwable {
        NativeFunction getpid = NativeFunction.find("getpid", int.class).orElseThrow();
        assertEquals(ProcessHandle.current().pid(), getpid.call());
    }

    @Test
    void passesArgumentsAndWidensTheResult() throws Throwable {
        NativeFunction labs = NativeFunction.find("labs", long.class, long.class).orElseThrow();
        assertEquals(1L << 40, labs.call(-(1L << 40)));
    }

    @Test
    void aFunctionTheLibraryLacksIsNotFound() {
        assertEquals(Optional.empty(), NativeFunction.find("no_such_function_in_libc", int.class));
    }

    @Test
    void zeroedMemoryReadsAsZero() throws Throwable {
        long address = NativeFunction.zeroedMemory(Integer.BYTES);
        assertTrue(address != 0);
        // strnlen(address, 4) is 0 when the first byte is zero.
        NativeFunction strnlen = NativeFunction.find("strnlen", long.class, long.class, long.class).orElseThrow();
        assertEquals(0, strnlen.call(address, 4L));
    }

    @Test
    void onlyIntAndLongAreTypes() {
        assertThrows(IllegalArgumentException.class, () -> NativeFunction.find("getpid", String.class));
    }
}
