package dev.gateway.servlet.deploy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds the classes an initializer's {@code @HandlesTypes} asks for (Servlet 6.1 section 8.2.4): every
 * class on the class path that extends or implements one of the handled types, or whose class is
 * annotated with one of the handled annotation types. Decided on class headers, then only the hits are
 * loaded (without initializing them); a hit that fails to load is skipped.
 */
final class HandlesTypesSearch {

    private final Map<String, ClassFileHeader> headers;
    private final ClassLoader loader;

    HandlesTypesSearch(ClassPathScanner scanner, ClassLoader loader) {
        this.headers = scanner.headers();
        this.loader = loader;
    }

    /** The classes matching any of {@code handled}; null when {@code handled} is empty (as the spec passes). */
    Set<Class<?>> find(Class<?>[] handled) {
        Set<Class<?>> found = new LinkedHashSet<>();
        for (ClassFileHeader header : headers.values()) {
            if (matches(header, handled)) {
                Class<?> type = load(header.name());
                if (type != null) {
                    found.add(type);
                }
            }
        }
        return found;
    }

    private boolean matches(ClassFileHeader header, Class<?>[] handled) {
        for (Class<?> type : handled) {
            if (type.isAnnotation()) {
                if (header.annotations().contains(type.getName())) {
                    return true;
                }
            } else if (!header.name().equals(type.getName()) && isSubtype(header, type.getName())) {
                return true;
            }
        }
        return false;
    }

    /** True when the class of {@code header} extends or implements {@code typeName}, directly or not. */
    private boolean isSubtype(ClassFileHeader header, String typeName) {
        List<String> pending = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        pending.add(header.name());
        while (!pending.isEmpty()) {
            String name = pending.removeLast();
            if (!seen.add(name)) {
                continue;
            }
            if (name.equals(typeName)) {
                return true;
            }
            ClassFileHeader current = headers.get(name);
            if (current == null) {
                if (isLoadableSubtype(name, typeName)) {
                    return true;
                }
                continue;
            }
            if (current.superName() != null) {
                pending.add(current.superName());
            }
            pending.addAll(current.interfaces());
        }
        return false;
    }

    /** A super type outside the scanned roots (a platform class): ask the loaded class itself. */
    private boolean isLoadableSubtype(String name, String typeName) {
        if (name.startsWith("java.") || name.startsWith("javax.") || name.startsWith("jdk.")) {
            return false;
        }
        Class<?> type = load(typeName);
        Class<?> candidate = load(name);
        return type != null && candidate != null && type.isAssignableFrom(candidate);
    }

    private Class<?> load(String name) {
        try {
            return Class.forName(name, false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }
}
