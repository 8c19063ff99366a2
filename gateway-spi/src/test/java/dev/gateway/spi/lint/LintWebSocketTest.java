package dev.gateway.spi.lint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gateway.spi.Application;
import dev.gateway.spi.Body;
import dev.gateway.spi.Environ;
import dev.gateway.spi.EnvironKeys;
import dev.gateway.spi.Header;
import dev.gateway.spi.server.ResponseState;
import dev.gateway.spi.websocket.Message;
import dev.gateway.spi.websocket.WebSocket;
import dev.gateway.spi.websocket.WebSocketUpgrade;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The WS rules (docs/spec.md, "WebSocket"): each broken once, through a fake server's upgrade offer. */
class LintWebSocketTest {

    /** A server's upgrade offer whose session does nothing: enough for Lint to see the calls. */
    static final class FakeUpgrade implements WebSocketUpgrade {
        @Override
        public List<String> subprotocols() {
            return List.of("chat");
        }

        @Override
        public WebSocket accept(String subprotocol, List<Header> headers) {
            return new WebSocket() {
                public Message receive() {
                    return null;
                }

                public void sendText(String text) {
                }

                public void sendBinary(byte[] data) {
                }

                public OutputStream sendStream(boolean text) {
                    return new ByteArrayOutputStream();
                }

                public void ping(byte[] data) {
                }

                public void close(int code, String reason) {
                }

                public int closeCode() {
                    return -1;
                }

                public String closeReason() {
                    return "";
                }

                public String subprotocol() {
                    return subprotocol;
                }

                public boolean isOpen() {
                    return true;
                }
            };
        }
    }

    interface Steps {
        Iterable<byte[]> run(WebSocketUpgrade upgrade, dev.gateway.spi.StartResponse start) throws Exception;
    }

    static Stream<Arguments> violations() {
        List<Arguments> cases = new ArrayList<>();
        cases.add(Arguments.of(Rule.WS_1, "GET", "not an upgrade", (Steps) (u, s) -> Body.empty()));
        cases.add(Arguments.of(Rule.WS_1, "POST", null, (Steps) (u, s) -> Body.empty()));
        cases.add(Arguments.of(Rule.WS_2, "GET", null, (Steps) (u, s) -> {
            u.accept();
            u.accept();
            return Body.empty();
        }));
        cases.add(Arguments.of(Rule.WS_2, "GET", null, (Steps) (u, s) -> {
            s.start("200 OK", List.of());
            u.accept();
            return Body.empty();
        }));
        cases.add(Arguments.of(Rule.WS_2, "GET", null, (Steps) (u, s) -> {
            u.accept();
            s.start("200 OK", List.of());
            return Body.empty();
        }));
        cases.add(Arguments.of(Rule.WS_3, "GET", null, (Steps) (u, s) -> {
            u.accept("superchat", List.of());
            return Body.empty();
        }));
        cases.add(Arguments.of(Rule.WS_4, "GET", null, (Steps) (u, s) -> {
            u.accept(null, List.of(Header.of("Sec-WebSocket-Accept", "x")));
            return Body.empty();
        }));
        cases.add(Arguments.of(Rule.WS_4, "GET", null, (Steps) (u, s) -> {
            u.accept(null, List.of(Header.of("Connection", "close")));
            return Body.empty();
        }));
        cases.add(Arguments.of(Rule.WS_5, "GET", null, (Steps) (u, s) -> {
            u.accept();
            return Body.of("too late");
        }));
        cases.add(Arguments.of(Rule.WS_6, "GET", null, (Steps) (u, s) -> {
            u.accept().close(1005, "");
            return Body.empty();
        }));
        cases.add(Arguments.of(Rule.WS_6, "GET", null, (Steps) (u, s) -> {
            u.accept().close(1000, "x".repeat(124));
            return Body.empty();
        }));
        cases.add(Arguments.of(Rule.WS_6, "GET", null, (Steps) (u, s) -> {
            WebSocket socket = u.accept();
            socket.close();
            socket.sendText("after the close");
            return Body.empty();
        }));
        cases.add(Arguments.of(Rule.WS_6, "GET", null, (Steps) (u, s) -> {
            u.accept().ping(new byte[126]);
            return Body.empty();
        }));
        return cases.stream();
    }

    /** The rules this class breaks, for {@link LintRulesTest}'s check that every rule is broken once. */
    static Stream<Rule> rulesBroken() {
        return violations().map(arguments -> (Rule) arguments.get()[0]);
    }

    @ParameterizedTest(name = "{0} #{index}")
    @MethodSource("violations")
    void eachRuleIsNamedWhenBroken(Rule rule, String method, Object offer, Steps steps) {
        Lint lint = new Lint((environ, start) -> steps.run(WebSocketUpgrade.of(environ), start));
        LintError error = assertThrows(LintError.class, () -> serve(lint, method, offer));
        assertEquals(rule, error.rule(), error.getMessage());
        assertTrue(error.getMessage().startsWith(rule.id() + ": "), error.getMessage());
    }

    @Test
    void aSessionThatKeepsTheRulesPasses() throws Exception {
        Lint lint = new Lint((environ, start) -> {
            WebSocket socket = WebSocketUpgrade.of(environ).accept("chat", List.of(Header.of("Set-Cookie", "a=b")));
            socket.sendText("hi");
            try (OutputStream out = socket.sendStream(false)) {
                out.write(new byte[] {1, 2});
            }
            socket.close(4000, "bye");
            return Body.empty();
        });
        serve(lint, "GET", null);
        lint.verify();
    }

    @Test
    void aDeclinedUpgradeIsAnOrdinaryResponse() throws Exception {
        Application declines = (environ, start) -> {
            start.start("403 Forbidden", List.of(Header.of("Content-Type", "text/plain")));
            return Body.of("no");
        };
        Lint lint = new Lint(declines);
        serve(lint, "GET", null);
        lint.verify();
    }

    /** One call as a server makes it: {@code offer} null for a fake upgrade, else that value under the key. */
    private static void serve(Lint lint, String method, Object offer) throws Exception {
        Environ environ = LintRulesTest.environ(method, "/socket");
        environ.put(EnvironKeys.WEBSOCKET, offer != null ? offer : new FakeUpgrade());
        Iterable<byte[]> body = lint.call(environ, new ResponseState(data -> { }));
        try {
            for (byte[] ignored : body) {
                // drained
            }
        } finally {
            LintRulesTest.close(body);
        }
        lint.verify();
    }
}
