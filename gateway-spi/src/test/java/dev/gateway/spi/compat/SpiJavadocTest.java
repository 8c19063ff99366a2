package dev.gateway.spi.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every public type of the contract has a Javadoc comment: the Javadoc jar users' IDEs show is the
 * contract's documentation. (The Javadoc build itself checks links and HTML; its "missing comment"
 * check is off because it also demands a tag for every parameter.)
 */
class SpiJavadocTest {

    /** A public type declaration, with the text before it (annotations and modifiers stripped by the group). */
    private static final Pattern PUBLIC_TYPE = Pattern.compile(
            "^\\s*public\\s+(?:(?:static|final|abstract|sealed|non-sealed|strictfp)\\s+)*(?:class|interface|record|enum|@interface)\\s+(\\w+)",
            Pattern.MULTILINE);

    @Test
    void everyPublicTypeHasAComment() throws IOException {
        List<Path> sources;
        try (Stream<Path> walk = Files.walk(Paths.get("src", "main", "java"))) {
            sources = walk.filter(p -> p.toString().endsWith(".java") && !p.endsWith("package-info.java")).toList();
        }
        assertTrue(sources.size() > 10, "SPI sources found");
        List<String> undocumented = new ArrayList<>();
        int checked = 0;
        for (Path source : sources) {
            String text = Files.readString(source);
            Matcher type = PUBLIC_TYPE.matcher(text);
            while (type.find()) {
                checked++;
                if (!documented(text.substring(0, type.start()))) {
                    undocumented.add(source.getFileName() + ": " + type.group(1));
                }
            }
        }
        assertTrue(checked >= sources.size() / 2, "public types found: " + checked);
        assertEquals(List.of(), undocumented, "public SPI types without a Javadoc comment");
    }

    /** Whether the text before a declaration ends with a doc comment, annotations allowed in between. */
    static boolean documented(String before) {
        String rest = before.stripTrailing();
        while (true) {
            Matcher annotation = Pattern.compile("@[\\w.]+(?:\\([^()]*\\))?$").matcher(rest);
            if (!annotation.find()) {
                break;
            }
            rest = rest.substring(0, annotation.start()).stripTrailing();
        }
        if (!rest.endsWith("*/")) {
            return false;
        }
        int open = rest.lastIndexOf("/*");
        return open >= 0 && rest.startsWith("/**", open);
    }

    @Test
    void aDeclarationWithoutACommentIsFound() {
        assertTrue(documented("package a;\n\n/** Doc. */\n@FunctionalInterface\n"));
        assertTrue(!documented("package a;\n\nimport b.C;\n\n"));
        assertTrue(!documented("/* not a doc comment */\n"));
        assertTrue(!documented("/** Doc of a field. */ int x;\n"));
    }
}
