package dev.gateway.spi.spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** docs/spec.md, found from the project root that surefire passes, or by walking up from the working folder. */
final class SpecDocument {

    private static final Pattern JAVA_BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);

    private SpecDocument() {
    }

    static String text() throws IOException {
        return Files.readString(path());
    }

    static Path path() {
        String projectDir = System.getProperty("gateway.project.dir");
        if (projectDir != null && Files.isRegularFile(Path.of(projectDir, "docs", "spec.md"))) {
            return Path.of(projectDir, "docs", "spec.md");
        }
        for (Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path spec = dir.resolve("docs").resolve("spec.md");
            if (Files.isRegularFile(spec)) {
                return spec;
            }
        }
        throw new IllegalStateException("docs/spec.md not found (gateway.project.dir=" + projectDir + ")");
    }

    /** The fenced Java blocks that are whole classes: the spec's runnable examples. */
    static List<String> javaClasses() throws IOException {
        List<String> classes = new ArrayList<>();
        Matcher matcher = JAVA_BLOCK.matcher(text());
        while (matcher.find()) {
            if (matcher.group(1).contains("public final class ")) {
                classes.add(matcher.group(1));
            }
        }
        return classes;
    }
}
