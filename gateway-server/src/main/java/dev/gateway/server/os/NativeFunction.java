package dev.gateway.server.os;

import java.lang.invoke.MethodHandle;
import java.lang.reflect.Array;
import java.util.Optional;

/**
 * A function of the C library, called through the JDK's foreign function API. That API is final since
 * JDK 22 and the build targets 21, so it is reached by reflection, and {@link #find} gives nothing on
 * an older JDK. Arguments and results are {@code int} or {@code long}; a pointer goes as a
 * {@code long}, as on every 64-bit platform the server runs on.
 */
public final class NativeFunction {

    private final MethodHandle handle;

    private NativeFunction(MethodHandle handle) {
        this.handle = handle;
    }

    /**
     * Links {@code name} from the C library with the given result and parameter types, each
     * {@code int.class} or {@code long.class}; empty when the JDK is older than 22 or linking failed.
     *
     * @throws IllegalArgumentException for any other type: a mistake in the caller, not in the platform
     */
    public static Optional<NativeFunction> find(String name, Class<?> result, Class<?>... parameters) {
        checkType(result);
        for (Class<?> parameter : parameters) {
            checkType(parameter);
        }
        if (Runtime.version().feature() < 22) {
            return Optional.empty();
        }
        try {
            return Optional.of(new NativeFunction(link(name, result, parameters)));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Calls the function; its result widened to a {@code long}. */
    public long call(Object... arguments) throws Throwable {
        return ((Number) handle.invokeWithArguments(arguments)).longValue();
    }

    /**
     * {@code bytes} of zeroed memory that stay for the life of the JVM (the global arena), by address:
     * for a C structure a function only reads.
     */
    public static long zeroedMemory(long bytes) throws ReflectiveOperationException {
        Object arena = Class.forName("java.lang.foreign.Arena").getMethod("global").invoke(null);
        Object segment = arena.getClass().getMethod("allocate", long.class).invoke(arena, bytes);
        return (long) Class.forName("java.lang.foreign.MemorySegment").getMethod("address").invoke(segment);
    }

    private static MethodHandle link(String name, Class<?> result, Class<?>... parameters)
            throws ReflectiveOperationException {
        Class<?> linkerType = Class.forName("java.lang.foreign.Linker");
        Class<?> layoutType = Class.forName("java.lang.foreign.MemoryLayout");
        Class<?> descriptorType = Class.forName("java.lang.foreign.FunctionDescriptor");
        Class<?> optionType = Class.forName("java.lang.foreign.Linker$Option");
        Object linker = linkerType.getMethod("nativeLinker").invoke(null);
        Object lookup = linkerType.getMethod("defaultLookup").invoke(linker);
        Object function = ((Optional<?>) Class.forName("java.lang.foreign.SymbolLookup").getMethod("find", String.class)
                .invoke(lookup, name)).orElseThrow(() -> new NoSuchMethodException(name));
        Object[] layouts = (Object[]) Array.newInstance(layoutType, parameters.length);
        for (int i = 0; i < parameters.length; i++) {
            layouts[i] = layout(parameters[i]);
        }
        Object descriptor = descriptorType.getMethod("of", layoutType, layouts.getClass())
                .invoke(null, layout(result), layouts);
        return (MethodHandle) linkerType
                .getMethod("downcallHandle", Class.forName("java.lang.foreign.MemorySegment"), descriptorType, optionType.arrayType())
                .invoke(linker, function, descriptor, Array.newInstance(optionType, 0));
    }

    private static void checkType(Class<?> type) {
        if (type != int.class && type != long.class) {
            throw new IllegalArgumentException("int or long, not " + type);
        }
    }

    private static Object layout(Class<?> type) throws ReflectiveOperationException {
        String field = type == int.class ? "JAVA_INT" : "JAVA_LONG";
        return Class.forName("java.lang.foreign.ValueLayout").getField(field).get(null);
    }
}
