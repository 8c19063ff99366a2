package dev.gateway.spi.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.gateway.spi.Application;
import dev.gateway.spi.Body;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The three forms of an application's name, and one clear line for each way loading fails. */
class ApplicationSpecTest {

    /** An application with a public no-arg constructor. */
    public static final class Named implements Application {
        @Override
        public Iterable<byte[]> call(dev.gateway.spi.Environ environ, dev.gateway.spi.StartResponse startResponse) {
            return Body.empty();
        }
    }

    /** Holders of applications: a field, a method, and members that are not applications. */
    public static final class Holder {
        public static final Application FIELD = new Named();
        public static final Object NOT_AN_APP = "text";

        private Holder() {
        }

        public static Application method() {
            return new Named();
        }

        public static Application failing() {
            throw new IllegalStateException("database is down");
        }
    }

    private static final ClassLoader LOADER = ApplicationSpecTest.class.getClassLoader();

    private static String error(String spec) {
        return assertThrows(ApplicationLoadException.class, () -> ApplicationSpec.parse(spec).load(LOADER)).getMessage();
    }

    @Test
    void classFieldAndMethod() throws Exception {
        assertInstanceOf(Named.class, ApplicationSpec.parse(Named.class.getName()).load(LOADER));
        assertSame(Holder.FIELD, ApplicationSpec.parse(Holder.class.getName() + ":FIELD").load(LOADER));
        assertInstanceOf(Named.class, ApplicationSpec.parse(" " + Holder.class.getName() + ":method\n").load(LOADER));
        assertEquals(new ApplicationSpec("a.B", "c"), ApplicationSpec.parse("a.B:c"));
        assertEquals("a.B:c", ApplicationSpec.parse("a.B:c").toString());
    }

    @Test
    void eachFailureIsOneLine() {
        String holder = Holder.class.getName();
        assertEquals("class com.x.Missing not found", error("com.x.Missing"));
        assertEquals("class " + holder + " does not implement dev.gateway.spi.Application", error(holder));
        assertEquals(holder + ":NOT_AN_APP is a java.lang.String, not a dev.gateway.spi.Application", error(holder + ":NOT_AN_APP"));
        assertEquals(holder + ":failing() failed: java.lang.IllegalStateException: database is down", error(holder + ":failing"));
        assertEquals(holder + ":nothing is not a static field or method (public, static, no arguments)", error(holder + ":nothing"));
        for (String malformed : List.of("", ":x", "a.B:")) {
            assertEquals("malformed application '" + malformed + "': expected CLASS, CLASS:field or CLASS:method", error(malformed));
        }
        assertEquals("malformed application 'null': expected CLASS, CLASS:field or CLASS:method", error(null));
    }
}
