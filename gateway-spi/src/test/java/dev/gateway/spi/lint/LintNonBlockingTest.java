package dev.gateway.spi.lint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gateway.spi.Application;
import dev.gateway.spi.Body;
import dev.gateway.spi.Environ;
import dev.gateway.spi.Middleware;
import dev.gateway.spi.StartResponse;
import dev.gateway.spi.server.ResponseState;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** THREAD-2: what an application that declares itself non-blocking promises, and who passes it on. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class LintNonBlockingTest {

    /** Declares itself non-blocking; sleeps {@code sleepMillis} in each call. */
    private record Declared(long sleepMillis) implements Application {
        @Override
        public boolean nonBlocking() {
            return true;
        }

        @Override
        public Iterable<byte[]> call(Environ environ, StartResponse startResponse) throws InterruptedException {
            Thread.sleep(sleepMillis);
            startResponse.start("200 OK", List.of());
            return Body.of("ok");
        }
    }

    /** A middleware that does not say whether it blocks. */
    private static final class Silent extends Middleware {
        Silent(Application next) {
            super(next);
        }

        @Override
        public Iterable<byte[]> call(Environ environ, StartResponse startResponse) throws Exception {
            return next().call(environ, startResponse);
        }
    }

    private static Iterable<byte[]> call(Lint lint) throws Exception {
        return lint.call(LintRulesTest.environ("GET", "/"), new ResponseState(data -> {
        }));
    }

    @Test
    void applicationsBlockUnlessTheySayOtherwiseAndLintPassesTheDeclarationOn() {
        assertFalse(((Application) (environ, start) -> Body.empty()).nonBlocking());
        assertTrue(new Lint(new Declared(0)).nonBlocking());
        assertFalse(new Lint(new Silent(new Declared(0))).nonBlocking(), "a middleware is blocking unless it says otherwise");
    }

    @Test
    void aQuickCallKeepsThePromise() throws Exception {
        Lint lint = new Lint(new Declared(0));
        LintRulesTest.close(call(lint));
        lint.verify();
    }

    /** The rules this class breaks, for {@link LintRulesTest#theTableBreaksEveryRule()}. */
    static Stream<Rule> rulesBroken() {
        return Stream.of(Rule.THREAD_2);
    }

    @Test
    void aCallLongerThanTheLimitBreaksItAndItsBodyIsClosed() {
        Lint lint = new Lint(new Declared(250));
        LintError error = assertThrows(LintError.class, () -> call(lint));
        assertEquals(Rule.THREAD_2, error.rule());
        assertTrue(error.getMessage().contains("nonBlocking()"), error.getMessage());
        assertEquals(0, lint.openBodies());
    }

    @Test
    void aSlowCallOfABlockingApplicationIsFine() throws Exception {
        Lint lint = new Lint(new Silent(new Declared(250)));
        LintRulesTest.close(call(lint));
        lint.verify();
    }
}
