package dev.gateway.server.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gateway.spi.Application;
import dev.gateway.testapps.Hello;
import java.io.OutputStream;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every APP form, every load error, and loading from folders, jars and {@code dir/*}. */
class AppLoaderTest {

    private static final String FIXTURES = FixtureApps.class.getName();

    @TempDir
    static Path dir;
    /** A folder holding jarapp/JarApp.class, compiled here so it is on no class path of the test JVM. */
    static Path classes;
    /** lib/jarapp.jar holding the same class. */
    static Path jar;

    @BeforeAll
    static void buildJar() throws Exception {
        Path source = dir.resolve("src/jarapp/JarApp.java");
        Files.createDirectories(source.getParent());
        Files.writeString(source, """
                package jarapp;
                public class JarApp implements dev.gateway.spi.Application {
                    public static dev.gateway.spi.Application create() { return new JarApp(); }
                    public static dev.gateway.spi.Application createWithOwnContextLoader() {
                        if (Thread.currentThread().getContextClassLoader() != JarApp.class.getClassLoader()) {
                            throw new IllegalStateException("context class loader is not the application's");
                        }
                        return new JarApp();
                    }
                    public Iterable<byte[]> call(dev.gateway.spi.Environ e, dev.gateway.spi.StartResponse s) {
                        return java.util.List.of();
                    }
                }
                """);
        classes = dir.resolve("classes");
        Files.createDirectories(classes);
        Path spi = Path.of(Application.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int status = javac.run(null, null, null, "-d", classes.toString(), "-cp", spi.toString(), source.toString());
        assertEquals(0, status, "javac failed");
        jar = dir.resolve("lib/jarapp.jar");
        Files.createDirectories(jar.getParent());
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new JarEntry("jarapp/JarApp.class"));
            try (var in = Files.newInputStream(classes.resolve("jarapp/JarApp.class"))) {
                in.transferTo((OutputStream) out);
            }
            out.closeEntry();
        }
    }

    private static Application load(String spec) throws AppLoadException {
        return new AppLoader(List.of()).load(spec);
    }

    private static String loadError(String spec) {
        return assertThrows(AppLoadException.class, () -> load(spec)).getMessage();
    }

    @Test
    void classWithNoArgConstructor() throws Exception {
        assertInstanceOf(Hello.class, load(Hello.class.getName()));
    }

    @Test
    void staticField() throws Exception {
        assertSame(FixtureApps.FIELD, load(FIXTURES + ":FIELD"));
    }

    @Test
    void staticMethod() throws Exception {
        Application app = load(FIXTURES + ":method");
        assertInstanceOf(Hello.class, app);
        assertNotSame(app, load(FIXTURES + ":method"));
    }

    @Test
    void classNotFoundNamesTheClassAndWhatWasSearched() {
        assertEquals("class com.x.App not found on classpath [] (no --classpath given; searched the server's own class path)",
                loadError("com.x.App"));
        Path missing = dir.resolve("missing.jar");
        AppLoadException e = assertThrows(AppLoadException.class,
                () -> new AppLoader(List.of(jar.toString(), missing.toString())).load("com.x.App"));
        assertEquals("class com.x.App not found on classpath [" + jar + ", " + missing + " (does not exist)]", e.getMessage());
        AppLoadException wildcard = assertThrows(AppLoadException.class,
                () -> new AppLoader(List.of("empty/*"), dir).load("com.x.App"));
        assertEquals("class com.x.App not found on classpath [" + dir.resolve("empty/*") + " (no jars)]", wildcard.getMessage());
    }

    @Test
    void memberErrors() {
        String expected = " is not a static field or method (public, static, no arguments)";
        assertEquals(FIXTURES + ":nothing" + expected, loadError(FIXTURES + ":nothing"));
        assertEquals(FIXTURES + ":instanceField" + expected, loadError(FIXTURES + ":instanceField"));
        assertEquals(FIXTURES + ":instanceMethod" + expected, loadError(FIXTURES + ":instanceMethod"));
        assertEquals(FIXTURES + ":withArgument" + expected, loadError(FIXTURES + ":withArgument"));
        assertEquals(FIXTURES + ":NULL_FIELD is a null value, not a dev.gateway.spi.Application", loadError(FIXTURES + ":NULL_FIELD"));
        assertEquals(FIXTURES + ":NOT_AN_APP is a java.lang.String, not a dev.gateway.spi.Application", loadError(FIXTURES + ":NOT_AN_APP"));
        assertEquals(FIXTURES + ":failing() failed: java.lang.IllegalStateException: database is down", loadError(FIXTURES + ":failing"));
    }

    @Test
    void classErrors() {
        assertEquals("class " + FIXTURES + " does not implement dev.gateway.spi.Application", loadError(FIXTURES));
        String noCtor = FixtureNoDefaultConstructor.class.getName();
        assertEquals("class " + noCtor + " has no public no-arg constructor", loadError(noCtor));
        String failing = FixtureFailingConstructor.class.getName();
        assertEquals("constructor of " + failing + " failed: java.lang.IllegalStateException: no config", loadError(failing));
    }

    @Test
    void malformedSpecs() {
        for (String spec : List.of("", ":app", "com.x.App:")) {
            assertEquals("malformed application '" + spec + "': expected CLASS, CLASS:field or CLASS:method", loadError(spec));
        }
    }

    @Test
    void everyErrorIsOneLine() {
        for (String spec : List.of("com.x.App", FIXTURES + ":nothing", FIXTURES + ":failing", FIXTURES)) {
            assertEquals(1, loadError(spec).lines().count(), spec);
        }
    }

    @Test
    void loadsFromAFolderInItsOwnClassLoader() throws Exception {
        Application app = new AppLoader(List.of(classes.toString())).load("jarapp.JarApp");
        assertEquals("jarapp.JarApp", app.getClass().getName());
        URLClassLoader loader = assertInstanceOf(URLClassLoader.class, app.getClass().getClassLoader());
        assertEquals("gateway-app", loader.getName());
        assertSame(Application.class, loader.loadClass(Application.class.getName()), "the SPI is shared with the server");
    }

    @Test
    void aFactoryRunsWithTheApplicationsContextClassLoader() throws Exception {
        ClassLoader before = Thread.currentThread().getContextClassLoader();
        Application app = new AppLoader(List.of(classes.toString())).load("jarapp.JarApp:createWithOwnContextLoader");
        assertEquals("gateway-app", app.getClass().getClassLoader().getName());
        assertSame(before, Thread.currentThread().getContextClassLoader(), "the caller's context class loader is restored");
    }

    @Test
    void loadsFromAJarAFolderWildcardAndRelativeToChdir() throws Exception {
        assertEquals("jarapp.JarApp", new AppLoader(List.of(jar.toString())).load("jarapp.JarApp:create").getClass().getName());
        assertEquals("jarapp.JarApp", new AppLoader(List.of(jar.getParent() + "/*")).load("jarapp.JarApp").getClass().getName());
        AppLoader relative = new AppLoader(List.of("lib/*"), dir);
        assertEquals(List.of(jar.toAbsolutePath()), relative.classpath());
        assertEquals("jarapp.JarApp", relative.load("jarapp.JarApp").getClass().getName());
    }

    @Test
    void severalEntriesInOneValueAreSplitOnTheColon() {
        AppLoader loader = new AppLoader(List.of(classes + ":" + jar));
        assertEquals(List.of(classes.toAbsolutePath(), jar.toAbsolutePath()), loader.classpath());
        assertTrue(loader.classpath().stream().allMatch(Path::isAbsolute));
    }
}
