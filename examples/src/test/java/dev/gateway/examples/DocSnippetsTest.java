package dev.gateway.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Java blocks of the README and docs/testing.md compile as shown (package, imports and all),
 * against the project's own jars, and the tests among them that need no JUnit engine pass when run:
 * a reader copies them into a project and they work.
 */
class DocSnippetsTest {

    private static final Path PROJECT = Path.of(System.getProperty("gateway.project.dir", ".."));
    private static final Pattern JAVA_BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern TYPE_NAME = Pattern.compile("(?m)^(?:public )?(?:final )?class (\\w+)");
    private static final Pattern PACKAGE = Pattern.compile("(?m)^package ([\\w.]+);");

    @TempDir
    Path dir;

    @Test
    void readmeAndTestingSnippetsCompileAndTheirPlainTestsPass() throws Exception {
        List<Path> sources = new ArrayList<>();
        for (String doc : List.of("README.md", "docs/testing.md")) {
            for (String block : javaBlocks(doc)) {
                sources.add(write(doc, block));
            }
        }
        assertEquals(4, sources.size(), "the README's application and the three tests of docs/testing.md");
        Path classes = Files.createDirectories(dir.resolve("classes"));
        compile(sources, classes);
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader())) {
            for (String test : List.of("com.example.HelloUnitTest", "com.example.HelloOverHttpTest")) {
                runGreets(loader.loadClass(test));
            }
        }
    }

    private static List<String> javaBlocks(String doc) throws IOException {
        Matcher m = JAVA_BLOCK.matcher(Files.readString(PROJECT.resolve(doc)));
        List<String> blocks = new ArrayList<>();
        while (m.find()) {
            blocks.add(m.group(1));
        }
        return blocks;
    }

    /** Writes a block where javac expects it: its package's folder, its class's file name. */
    private Path write(String doc, String block) throws IOException {
        Matcher pkg = PACKAGE.matcher(block);
        Matcher type = TYPE_NAME.matcher(block);
        assertTrue(pkg.find() && type.find(), doc + ": a Java block must be a whole file (package, imports, class):\n" + block);
        Path file = dir.resolve("src").resolve(pkg.group(1).replace('.', '/')).resolve(type.group(1) + ".java");
        Files.createDirectories(file.getParent());
        return Files.writeString(file, block);
    }

    private static void compile(List<Path> sources, Path classes) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, null, null)) {
            List<String> options = List.of("--release", "21", "-proc:none", "-d", classes.toString(),
                    "-classpath", System.getProperty("java.class.path"));
            boolean ok = javac.getTask(null, files, diagnostics, options, null, files.getJavaFileObjectsFromPaths(sources)).call();
            assertTrue(ok, () -> "the documented snippets do not compile:\n" + diagnostics.getDiagnostics());
        }
    }

    private static void runGreets(Class<?> test) throws Exception {
        var constructor = test.getDeclaredConstructor();
        constructor.setAccessible(true);
        Method greets = test.getDeclaredMethod("greets");
        greets.setAccessible(true);
        try {
            greets.invoke(constructor.newInstance());
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw new AssertionError(test.getSimpleName() + " as documented fails", e.getCause());
        }
    }
}
