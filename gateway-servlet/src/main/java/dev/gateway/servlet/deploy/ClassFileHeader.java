package dev.gateway.servlet.deploy;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * What a class file says about its class without loading it: its name, super class, interfaces and
 * class-level annotations (JVM specification chapter 4). Scanning for {@code @HandlesTypes} reads only
 * this, so the classes of the whole class path are not loaded (Tomcat does the same with its own
 * class-file parser).
 *
 * @param name        binary name with dots, e.g. {@code com.example.App}
 * @param superName   the super class's name, null for {@code java.lang.Object}
 * @param interfaces  the directly implemented interfaces
 * @param annotations the class-level annotation types (visible at run time)
 * @param concrete    false for interfaces and abstract classes
 */
record ClassFileHeader(String name, String superName, List<String> interfaces, List<String> annotations, boolean concrete) {

    private static final int ACC_INTERFACE = 0x0200;
    private static final int ACC_ABSTRACT = 0x0400;

    /** Parses the class file in {@code in}; returns null when it is not a class file. */
    static ClassFileHeader read(InputStream in) throws IOException {
        DataInputStream data = new DataInputStream(in);
        if (data.readInt() != 0xCAFEBABE) {
            return null;
        }
        data.readUnsignedShort();
        data.readUnsignedShort();
        Object[] pool = readConstantPool(data);
        int access = data.readUnsignedShort();
        String name = className(pool, data.readUnsignedShort());
        int superIndex = data.readUnsignedShort();
        String superName = superIndex == 0 ? null : className(pool, superIndex);
        int interfaceCount = data.readUnsignedShort();
        List<String> interfaces = new ArrayList<>(interfaceCount);
        for (int i = 0; i < interfaceCount; i++) {
            interfaces.add(className(pool, data.readUnsignedShort()));
        }
        skipMembers(data);
        skipMembers(data);
        List<String> annotations = readClassAnnotations(data, pool);
        boolean concrete = (access & (ACC_INTERFACE | ACC_ABSTRACT)) == 0;
        return new ClassFileHeader(name, superName, interfaces, annotations, concrete);
    }

    /** The constant pool: Utf8 entries as Strings, Class entries as Integer indexes of their name. */
    private static Object[] readConstantPool(DataInputStream data) throws IOException {
        int count = data.readUnsignedShort();
        Object[] pool = new Object[count];
        for (int i = 1; i < count; i++) {
            int tag = data.readUnsignedByte();
            switch (tag) {
                case 1 -> pool[i] = data.readUTF();
                case 7 -> pool[i] = data.readUnsignedShort();
                case 8, 16, 19, 20 -> data.skipNBytes(2);
                case 15 -> data.skipNBytes(3);
                case 3, 4, 9, 10, 11, 12, 17, 18 -> data.skipNBytes(4);
                case 5, 6 -> {
                    data.skipNBytes(8);
                    i++; // longs and doubles take two slots (JVMS 4.4.5)
                }
                default -> throw new IOException("unknown constant pool tag " + tag);
            }
        }
        return pool;
    }

    private static String className(Object[] pool, int classIndex) {
        return ((String) pool[(Integer) pool[classIndex]]).replace('/', '.');
    }

    private static void skipMembers(DataInputStream data) throws IOException {
        int count = data.readUnsignedShort();
        for (int i = 0; i < count; i++) {
            data.skipNBytes(6);
            skipAttributes(data);
        }
    }

    private static void skipAttributes(DataInputStream data) throws IOException {
        int count = data.readUnsignedShort();
        for (int i = 0; i < count; i++) {
            data.skipNBytes(2);
            data.skipNBytes(Integer.toUnsignedLong(data.readInt()));
        }
    }

    private static List<String> readClassAnnotations(DataInputStream data, Object[] pool) throws IOException {
        List<String> annotations = new ArrayList<>();
        int count = data.readUnsignedShort();
        for (int i = 0; i < count; i++) {
            String attribute = (String) pool[data.readUnsignedShort()];
            int length = data.readInt();
            if (!"RuntimeVisibleAnnotations".equals(attribute)) {
                data.skipNBytes(Integer.toUnsignedLong(length));
                continue;
            }
            int annotationCount = data.readUnsignedShort();
            for (int a = 0; a < annotationCount; a++) {
                annotations.add(readAnnotation(data, pool));
            }
        }
        return annotations;
    }

    /** One annotation (JVMS 4.7.16); returns its type as a class name. */
    private static String readAnnotation(DataInputStream data, Object[] pool) throws IOException {
        String descriptor = (String) pool[data.readUnsignedShort()];
        int pairs = data.readUnsignedShort();
        for (int p = 0; p < pairs; p++) {
            data.skipNBytes(2);
            skipElementValue(data, pool);
        }
        return descriptor.substring(1, descriptor.length() - 1).replace('/', '.');
    }

    private static void skipElementValue(DataInputStream data, Object[] pool) throws IOException {
        int tag = data.readUnsignedByte();
        switch (tag) {
            case 'e' -> data.skipNBytes(4);
            case '@' -> readAnnotation(data, pool);
            case '[' -> {
                int values = data.readUnsignedShort();
                for (int v = 0; v < values; v++) {
                    skipElementValue(data, pool);
                }
            }
            default -> data.skipNBytes(2);
        }
    }
}
