package dev.gateway.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/** The release archive this build made, and the small application the release tests serve. */
final class Release {

    static final String VERSION = System.getProperty("gateway.version", "0.1.0-SNAPSHOT");
    static final String APP_CLASS = "com.example.App";
    static final String APP_BODY = "served from the release\n";

    private static final String APP_SOURCE = """
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
                    return Body.of("served from the release\\n");
                }
            }
            """;

    private Release() {
    }

    static Path archive() {
        Path archive = Paths.get(System.getProperty("gateway.dist.archive",
                "target/gateway-" + VERSION + ".tar.gz")).toAbsolutePath();
        assertTrue(Files.isRegularFile(archive), "the archive was built: " + archive);
        return archive;
    }

    /** Unpacks the archive into {@code dir} with tar, as a user does; returns gateway-VERSION/. */
    static Path unpack(Path dir) throws IOException, InterruptedException {
        Process tar = new ProcessBuilder("tar", "-xzf", archive().toString(), "-C", dir.toString())
                .redirectErrorStream(true).start();
        try {
            assertTrue(tar.waitFor(60, TimeUnit.SECONDS), "tar finished");
            String output = new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, tar.exitValue(), output);
        } finally {
            tar.destroyForcibly();
        }
        Path home = dir.resolve("gateway-" + VERSION);
        assertTrue(Files.isDirectory(home.resolve("lib")), "lib/ in " + home);
        return home;
    }

    static Path serverJar(Path home) {
        return home.resolve("lib/gateway-server-" + VERSION + ".jar");
    }

    static Path spiJar(Path home) {
        return home.resolve("lib/gateway-spi-" + VERSION + ".jar");
    }

    /** Compiles the application against the release's SPI jar and packs it into {@code dir}/app.jar. */
    static Path appJar(Path spiJar, Path dir) throws IOException {
        Path sources = Files.createDirectories(dir.resolve("app-src/com/example"));
        Path source = Files.writeString(sources.resolve("App.java"), APP_SOURCE);
        Path classes = Files.createDirectories(dir.resolve("app-classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        int status = javac.run(null, diagnostics, diagnostics,
                "-cp", spiJar.toString(), "-d", classes.toString(), source.toString());
        assertEquals(0, status, "the application compiles against " + spiJar + ":\n" + diagnostics.toString(StandardCharsets.UTF_8));
        Path jar = dir.resolve("app.jar");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, manifest);
             Stream<Path> walk = Files.walk(classes)) {
            for (Path path : walk.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(path).toString().replace('\\', '/')));
                Files.copy(path, out);
                out.closeEntry();
            }
        }
        return jar;
    }

    /** The java that runs these tests: a JDK 21 or newer (the build picked it). */
    static Path java() {
        return Paths.get(System.getProperty("java.home"), "bin", "java");
    }
}
