package dev.gateway.spi.lint;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gateway.spi.Application;
import dev.gateway.spi.Body;
import dev.gateway.spi.Header;
import dev.gateway.spi.testing.TestClient;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The LIFE rules (docs/spec.md, "Lifecycle"): each broken once by a host that drives Lint in the wrong order. */
class LintLifecycleTest {

    /** What a host does with the Lint-wrapped application. */
    interface HostSteps {
        void run(Lint lint) throws Exception;
    }

    /** Records the lifecycle calls that reach the application. */
    static final class Recorded implements Application {
        final List<String> events = new CopyOnWriteArrayList<>();
        final boolean failStartup;

        Recorded(boolean failStartup) {
            this.failStartup = failStartup;
        }

        @Override
        public Iterable<byte[]> call(dev.gateway.spi.Environ environ, dev.gateway.spi.StartResponse startResponse) {
            events.add("call");
            startResponse.start("200 OK", List.of(Header.of("Content-Type", "text/plain")));
            return Body.of("ok");
        }

        @Override
        public void startup() throws Exception {
            events.add("startup");
            if (failStartup) {
                throw new IllegalStateException("cannot start");
            }
        }

        @Override
        public void shutdown() {
            events.add("shutdown");
        }
    }

    static Stream<Arguments> violations() {
        List<Arguments> cases = new ArrayList<>();
        add(cases, Rule.LIFE_1, false, lint -> {
            lint.startup();
            lint.startup();
        });
        add(cases, Rule.LIFE_1, false, lint -> {
            request(lint);
            lint.startup();
        });
        add(cases, Rule.LIFE_2, true, lint -> {
            startupFails(lint);
            request(lint);
        });
        add(cases, Rule.LIFE_2, true, lint -> {
            startupFails(lint);
            lint.shutdown();
        });
        add(cases, Rule.LIFE_3, false, Lint::shutdown);
        add(cases, Rule.LIFE_3, false, lint -> {
            lint.startup();
            lint.shutdown();
            lint.shutdown();
        });
        add(cases, Rule.LIFE_3, false, lint -> {
            lint.startup();
            Iterable<byte[]> open = LintRulesTest.callOnly(lint); // a body not closed yet
            try {
                lint.shutdown();
            } finally {
                LintRulesTest.close(open);
            }
        });
        add(cases, Rule.LIFE_4, false, lint -> {
            lint.startup();
            lint.shutdown();
            request(lint);
        });
        return cases.stream();
    }

    /** The rules this class breaks, for {@link LintRulesTest}'s check that every rule is broken once. */
    static Stream<Rule> rulesBroken() {
        return violations().map(arguments -> (Rule) arguments.get()[0]);
    }

    private static void add(List<Arguments> cases, Rule rule, boolean failStartup, HostSteps steps) {
        cases.add(Arguments.of(rule, cases.size(), failStartup, steps));
    }

    private static void startupFails(Lint lint) {
        assertThrows(IllegalStateException.class, lint::startup);
    }

    private static void request(Lint lint) throws Exception {
        LintRulesTest.serve(lint, environ -> { }, body -> {
            for (Iterator<byte[]> it = body.iterator(); it.hasNext(); ) {
                it.next();
            }
            LintRulesTest.close(body);
        });
    }

    @ParameterizedTest(name = "{0} (case {1})")
    @MethodSource("violations")
    void eachRuleIsNamedWhenBroken(Rule rule, int index, boolean failStartup, HostSteps steps) {
        Lint lint = new Lint(new Recorded(failStartup));
        LintError error = assertThrows(LintError.class, () -> steps.run(lint));
        assertEquals(rule, error.rule(), error.getMessage());
        assertTrue(lint.violations().contains(error), "recorded as well as thrown");
    }

    @Test
    void aHostThatKeepsTheRulesPassesAndTheCallsReachTheApplication() throws Exception {
        Recorded app = new Recorded(false);
        Lint lint = new Lint(app);
        lint.startup();
        request(lint);
        request(lint);
        lint.shutdown();
        lint.verify();
        assertEquals(List.of("startup", "call", "call", "shutdown"), app.events);
    }

    @Test
    void aHostWithoutTheLifecycleIsAllowed() throws Exception {
        Lint lint = new Lint(new Recorded(false));
        request(lint);
        lint.verify();
    }

    @Test
    void theTestClientRunsTheLifecycleAroundItsRequests() throws Exception {
        Recorded app = new Recorded(false);
        try (TestClient client = new TestClient(app).startup()) {
            assertEquals("ok", client.get("/").text());
            assertThrows(IllegalStateException.class, client::startup);
        }
        assertEquals(List.of("startup", "call", "shutdown"), app.events);
    }

    @Test
    void theTestClientNeverStopsWhatFailedToStart() throws Exception {
        Recorded app = new Recorded(true);
        TestClient client = new TestClient(app);
        assertThrows(IllegalStateException.class, client::startup);
        assertDoesNotThrow(client::close);
        assertEquals(List.of("startup"), app.events);
    }

    @Test
    void aMiddlewarePassesTheLifecycleOn() throws Exception {
        Recorded app = new Recorded(false);
        Lint outer = new Lint(new Lint(app));
        outer.startup();
        outer.shutdown();
        assertEquals(List.of("startup", "shutdown"), app.events);
    }
}
