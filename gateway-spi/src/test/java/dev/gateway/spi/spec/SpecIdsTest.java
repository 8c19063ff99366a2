package dev.gateway.spi.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gateway.spi.lint.Rule;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The rule ids docs/spec.md defines are exactly the ids Lint uses ({@link Rule}; {@code LintRulesTest}
 * proves Lint raises each one), each defined once, and every id the spec mentions is defined.
 */
class SpecIdsTest {

    /** A definition: the id in bold at the start of a list item, e.g. {@code - **ENV-1** ...}. */
    private static final Pattern DEFINITION = Pattern.compile("(?m)^- \\*\\*([A-Z]+-\\d+)\\*\\*");

    @Test
    void theSpecDefinesExactlyTheIdsLintUses() throws Exception {
        List<String> defined = matches(DEFINITION, SpecDocument.text());
        Set<String> lint = Arrays.stream(Rule.values()).map(Rule::id).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(lint, new TreeSet<>(defined));
        assertEquals(defined.size(), new TreeSet<>(defined).size(), "an id is defined twice: " + defined);
    }

    @Test
    void everyIdTheSpecMentionsIsDefined() throws Exception {
        String prefixes = Arrays.stream(Rule.values()).map(rule -> rule.id().replaceAll("-\\d+$", ""))
                .distinct().collect(Collectors.joining("|"));
        Pattern mention = Pattern.compile("\\b((?:" + prefixes + ")-\\d+)\\b");
        String text = SpecDocument.text();
        Set<String> defined = new TreeSet<>(matches(DEFINITION, text));
        Set<String> mentioned = new TreeSet<>(matches(mention, text));
        mentioned.removeAll(defined);
        assertTrue(mentioned.isEmpty(), "mentioned but not defined: " + mentioned);
    }

    private static List<String> matches(Pattern pattern, String text) {
        List<String> ids = new ArrayList<>();
        Matcher matcher = pattern.matcher(text);
        while (matcher.find()) {
            ids.add(matcher.group(1));
        }
        return ids;
    }
}
