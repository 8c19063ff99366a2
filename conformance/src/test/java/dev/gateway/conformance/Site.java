package dev.gateway.conformance;

import dev.gateway.examples.EnvironDump;
import dev.gateway.examples.FileDownload;
import dev.gateway.examples.StreamingClock;
import dev.gateway.examples.UploadChecksum;
import dev.gateway.examples.framework.MiniFramework;
import dev.gateway.examples.middleware.MiddlewareChain;
import dev.gateway.examples.spring.SpringApp;
import dev.gateway.servlet.ServletApplication;
import dev.gateway.spi.Application;
import dev.gateway.spi.Environ;
import dev.gateway.spi.StartResponse;
import dev.gateway.spi.lint.Lint;
import dev.gateway.testapps.BodyDigest;
import dev.gateway.testapps.Crash;
import dev.gateway.testapps.EchoEnviron;
import dev.gateway.testapps.Hello;
import dev.gateway.testapps.Sleep;
import dev.gateway.testapps.Stream;
import dev.gateway.testapps.Upload;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.web.SpringServletContainerInitializer;

/**
 * What one host serves, and what the suite watches of it: every test app (but {@code Halt}, which
 * halts the JVM) under {@code /t}, every example under {@code /ex}, the probes under {@code /probe},
 * all behind one {@link Lint}, the host's first application, so that every environ, input stream,
 * iteration and {@code close()} the host produces is checked. Probes that break the contract on
 * purpose (a body shorter or longer than its Content-Length) are served beside it under {@code /unlinted}.
 */
final class Site implements AutoCloseable {

    /** The file the FileDownload example serves: 300,000 bytes, byte i being i % 251. */
    static final String FILE = "data.bin";
    static final int FILE_SIZE = 300_000;

    final Host.Kind kind;
    final Lint lint;
    final Probes probes = new Probes();
    final Path files;
    final AtomicInteger startups = new AtomicInteger();
    final AtomicInteger shutdowns = new AtomicInteger();
    final Host host;

    Site(Host.Kind kind) throws Exception {
        this.kind = kind;
        this.files = Files.createTempDirectory("conformance-files");
        byte[] data = new byte[FILE_SIZE];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i % 251);
        }
        Files.write(files.resolve(FILE), data);
        Mount apps = new Mount()
                .at("/t/hello", new Hello())
                .at("/t/echo", new EchoEnviron())
                .at("/t/digest", new BodyDigest())
                .at("/t/crash", new Crash())
                .at("/t/sleep", new Sleep())
                .at("/t/stream", new Stream())
                .at("/t/upload", new Upload())
                .at("/ex/hello", new dev.gateway.examples.Hello())
                .at("/ex/environ", new EnvironDump())
                .at("/ex/files", new FileDownload(files))
                .at("/ex/clock", new StreamingClock())
                .at("/ex/checksum", new UploadChecksum())
                .at("/ex/chain", new MiddlewareChain())
                .at("/ex/framework", new MiniFramework())
                .at("/ex/spring", spring())
                .at("/probe", probes)
                .at("/lifecycle", new Counted(startups, shutdowns));
        this.lint = new Lint(apps);
        this.host = kind.start(new Mount().at("/unlinted", probes).at("", lint));
    }

    /** The Spring MVC example as on any container: Spring's initializer finds its WebApplicationInitializer. */
    private static Application spring() {
        return ServletApplication.builder()
                .initializer(new SpringServletContainerInitializer(), Set.of(SpringApp.class))
                .build();
    }

    @Override
    public void close() {
        try {
            host.close();
        } finally {
            Paths.deleteTree(files);
        }
    }

    /** Counts its lifecycle calls; answers nothing but 204. */
    private record Counted(AtomicInteger startups, AtomicInteger shutdowns) implements Application {
        @Override
        public Iterable<byte[]> call(Environ environ, StartResponse startResponse) {
            startResponse.start("204 No Content", java.util.List.of());
            return java.util.List.of();
        }

        @Override
        public void startup() {
            startups.incrementAndGet();
        }

        @Override
        public void shutdown() {
            shutdowns.incrementAndGet();
        }
    }
}
