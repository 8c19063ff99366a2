package dev.gateway.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class ShellWordsTest {

    @Test
    void splitsLikeAShell() {
        assertEquals(List.of(), ShellWords.split("   "));
        assertEquals(List.of("-w", "3", "--bind", "127.0.0.1:1"), ShellWords.split(" -w 3\t--bind  127.0.0.1:1 "));
        assertEquals(List.of("--chdir", "/srv/my app"), ShellWords.split("--chdir '/srv/my app'"));
        assertEquals(List.of("--chdir", "/srv/my app"), ShellWords.split("--chdir \"/srv/my app\""));
        assertEquals(List.of("--chdir", "/srv/my app"), ShellWords.split("--chdir /srv/my\\ app"));
        assertEquals(List.of("a'b", ""), ShellWords.split("\"a'b\" ''"));
        assertEquals(List.of("$HOME"), ShellWords.split("'$HOME'"));
    }

    @Test
    void unterminatedQuoteIsAUsageError() {
        UsageException e = assertThrows(UsageException.class, () -> ShellWords.split("--bind 'x"));
        assertEquals("GATEWAY_CMD_ARGS has an unterminated ' quote", e.getMessage());
        assertThrows(UsageException.class, () -> ShellWords.split("x\\"));
    }
}
