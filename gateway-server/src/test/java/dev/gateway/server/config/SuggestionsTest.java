package dev.gateway.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SuggestionsTest {

    @Test
    void levenshteinCountsEdits() {
        assertEquals(0, Suggestions.levenshtein("workers", "workers"));
        assertEquals(1, Suggestions.levenshtein("worker", "workers"));
        assertEquals(2, Suggestions.levenshtein("wrokers", "workers"));
        assertEquals(7, Suggestions.levenshtein("", "workers"));
    }

    @Test
    void suggestsOnlyCloseNames() {
        List<String> names = List.of("workers", "threads", "timeout");
        assertEquals(Optional.of("workers"), Suggestions.closest("worker", names));
        assertEquals(Optional.of("threads"), Suggestions.closest("thread", names));
        assertEquals(Optional.empty(), Suggestions.closest("database_url", names));
    }
}
