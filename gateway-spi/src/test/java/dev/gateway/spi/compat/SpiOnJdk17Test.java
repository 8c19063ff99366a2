package dev.gateway.spi.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract is compiled for Java 17 (class file version 61) so that an application builds where
 * its users build, on a distribution's default JDK 17, although the server needs 21. This compiles an
 * application against the SPI classes with a JDK 17 {@code javac}, as a user's build would: a JDK 17
 * compiler refuses a class path entry of version 65 ("class file has wrong version 65.0, should be 61.0").
 */
class SpiOnJdk17Test {

    private static final int JAVA_17_CLASS_VERSION = 61;

    private static final String APP = """
            package com.example;

            import dev.gateway.spi.Application;
            import dev.gateway.spi.Body;
            import dev.gateway.spi.Environ;
            import dev.gateway.spi.Header;
            import dev.gateway.spi.StartResponse;
            import java.util.List;

            public final class App implements Application {
                @Override
                public Iterable<byte[]> call(Environ environ, StartResponse startResponse) {
                    startResponse.start("200 OK", List.of(Header.of("Content-Type", "text/plain")));
                    return Body.of("hello from 17\\n");
                }
            }
            """;

    @TempDir
    Path work;

    @Test
    void everySpiClassIsJava17() throws IOException {
        Path classes = spiClasses();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(classes)) {
            files = walk.filter(p -> p.toString().endsWith(".class")).toList();
        }
        assertTrue(files.size() > 10, "SPI classes found under " + classes);
        for (Path file : files) {
            assertEquals(JAVA_17_CLASS_VERSION, majorVersion(file), file.toString());
        }
    }

    @Test
    void aJdk17CompilerBuildsAnApplicationAgainstTheSpi() throws Exception {
        Optional<Path> javac = jdk17Javac();
        if (javac.isEmpty()) {
            // CI installs a JDK 17 (.ci/run); a developer machine without one skips with a reason.
            assertTrue(!"true".equals(System.getenv("CI")), "CI=true but no JDK 17 javac under /usr/lib/jvm or on PATH");
            assumeTrue(false, "no JDK 17 javac on this machine");
        }
        Path source = work.resolve("src/com/example/App.java");
        Files.createDirectories(source.getParent());
        Files.writeString(source, APP);
        Path out = work.resolve("out");
        Files.createDirectories(out);

        List<String> command = new ArrayList<>(List.of(javac.get().toString(),
                "-cp", spiClasses().toString(), "-d", out.toString(), source.toString()));
        Path log = work.resolve("javac.log");
        Process javacProcess = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            assertTrue(javacProcess.waitFor(60, TimeUnit.SECONDS), "javac 17 finished");
        } finally {
            javacProcess.destroyForcibly();
        }
        assertEquals(0, javacProcess.exitValue(), "javac 17 output:\n" + Files.readString(log, StandardCharsets.UTF_8));
        assertEquals(JAVA_17_CLASS_VERSION, majorVersion(out.resolve("com/example/App.class")));
    }

    /** What the SPI jar holds: the classes Maven compiled for this module. */
    private static Path spiClasses() {
        return Paths.get("target", "classes").toAbsolutePath();
    }

    /** A javac whose release file says 17: the JDK 17 under /usr/lib/jvm, else the one on PATH. */
    private static Optional<Path> jdk17Javac() throws IOException {
        List<Path> candidates = new ArrayList<>();
        Path jvms = Paths.get("/usr/lib/jvm");
        if (Files.isDirectory(jvms)) {
            try (Stream<Path> homes = Files.list(jvms)) {
                homes.sorted().forEach(home -> candidates.add(home.resolve("bin/javac")));
            }
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty()) {
                candidates.add(Paths.get(dir, "javac"));
            }
        }
        for (Path candidate : candidates) {
            if (Files.isExecutable(candidate)) {
                Path real = candidate.toRealPath();
                Path release = real.getParent().getParent().resolve("release");
                if (Files.isReadable(release) && Files.readString(release).contains("JAVA_VERSION=\"17")) {
                    return Optional.of(real);
                }
            }
        }
        return Optional.empty();
    }

    private static int majorVersion(Path classFile) throws IOException {
        try (InputStream in = Files.newInputStream(classFile); DataInputStream data = new DataInputStream(in)) {
            assertEquals(0xCAFEBABE, data.readInt(), "class file magic of " + classFile);
            data.readUnsignedShort();
            return data.readUnsignedShort();
        }
    }
}
