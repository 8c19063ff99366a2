package dev.gateway.servlet.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gateway.servlet.ServletApplication;
import dev.gateway.servlet.deploy.GatewayServletContext;
import dev.gateway.spi.testing.TestClient;
import dev.gateway.spi.testing.TestRequest;
import dev.gateway.spi.testing.TestResponse;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.HttpSessionAttributeListener;
import jakarta.servlet.http.HttpSessionBindingEvent;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionIdListener;
import jakarta.servlet.http.HttpSessionListener;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Sessions (chapter 7): the cookie, joining, invalidation, id change, expiry and the listeners. */
class SessionTest {

    private final List<String> events = Collections.synchronizedList(new ArrayList<>());
    private final InMemorySessionStore store = new InMemorySessionStore();

    /** Counts visits in the session; {@code ?invalidate} and {@code ?change} do what they say. */
    private final HttpServlet counter = new HttpServlet() {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            if (request.getParameter("peek") != null) {
                response.getWriter().write(String.valueOf(request.getSession(false)));
                return;
            }
            HttpSession session = request.getSession();
            if (request.getParameter("invalidate") != null) {
                session.invalidate();
                response.getWriter().write("invalidated");
                return;
            }
            if (request.getParameter("change") != null) {
                response.getWriter().write("changed " + request.changeSessionId());
                return;
            }
            Integer count = (Integer) session.getAttribute("count");
            session.setAttribute("count", count == null ? 1 : count + 1);
            response.getWriter().write(session.getAttribute("count") + " " + session.isNew() + " "
                    + request.isRequestedSessionIdValid());
        }
    };

    private ServletApplication app() {
        return ServletApplication.builder().contextPath("/shop").sessionStore(store)
                .servlet("counter", counter, "/*")
                .listener(new HttpSessionListener() {
                    @Override
                    public void sessionCreated(HttpSessionEvent se) {
                        events.add("created");
                    }

                    @Override
                    public void sessionDestroyed(HttpSessionEvent se) {
                        events.add("destroyed " + se.getSession().getAttribute("count"));
                    }
                })
                .listener(new HttpSessionAttributeListener() {
                    @Override
                    public void attributeAdded(HttpSessionBindingEvent event) {
                        events.add("added " + event.getName());
                    }

                    @Override
                    public void attributeRemoved(HttpSessionBindingEvent event) {
                        events.add("removed " + event.getName());
                    }
                })
                .listener((HttpSessionIdListener) (event, oldId) -> events.add("id changed"))
                .build();
    }

    private static String sessionCookie(TestResponse response) {
        String header = response.header("Set-Cookie");
        return header == null ? null : header.substring(0, header.indexOf(';'));
    }

    @Test
    void aSessionLivesInACookie() throws Exception {
        TestClient client = new TestClient(app());
        TestResponse first = client.get("/shop/");
        assertEquals("1 true false", first.text());
        String header = first.header("Set-Cookie");
        assertTrue(header.matches("JSESSIONID=[0-9A-F]{32}; Path=/shop; HttpOnly"), header);
        String cookie = sessionCookie(first);
        TestResponse second = client.send(TestRequest.get("/shop/").header("Cookie", cookie));
        assertEquals("2 false true", second.text());
        assertNull(second.header("Set-Cookie"));
        assertEquals("null", client.get("/shop/?peek").text());
        assertEquals(List.of("created", "added count"), events);
    }

    @Test
    void aSecureRequestGetsASecureCookie() throws Exception {
        TestResponse response = new TestClient(app()).scheme("https").get("/shop/");
        assertTrue(response.header("Set-Cookie").contains("; Secure"));
    }

    @Test
    void invalidateEndsTheSession() throws Exception {
        TestClient client = new TestClient(app());
        String cookie = sessionCookie(client.get("/shop/"));
        assertEquals("invalidated", client.send(TestRequest.get("/shop/?invalidate").header("Cookie", cookie)).text());
        assertTrue(events.containsAll(List.of("destroyed 1", "removed count")));
        TestResponse after = client.send(TestRequest.get("/shop/").header("Cookie", cookie));
        assertEquals("1 true false", after.text());
        assertNotEquals(cookie, sessionCookie(after));
    }

    @Test
    void changeSessionIdKeepsTheSessionUnderANewId() throws Exception {
        TestClient client = new TestClient(app());
        String cookie = sessionCookie(client.get("/shop/"));
        TestResponse changed = client.send(TestRequest.get("/shop/?change").header("Cookie", cookie));
        String newCookie = sessionCookie(changed);
        assertEquals("changed " + newCookie.substring("JSESSIONID=".length()), changed.text());
        assertTrue(events.contains("id changed"));
        assertEquals("2 false true", client.send(TestRequest.get("/shop/").header("Cookie", newCookie)).text());
        assertEquals("1 true false", client.send(TestRequest.get("/shop/").header("Cookie", cookie)).text());
    }

    @Test
    void anExpiredSessionIsNotJoinedAndTheSweepExpiresTheRest() throws Exception {
        ServletApplication app = app();
        TestClient client = new TestClient(app);
        String cookie = sessionCookie(client.get("/shop/"));
        client.get("/shop/");
        for (SessionData data : store.all()) {
            data.maxInactiveInterval(60);
            data.access(System.currentTimeMillis() - 120_000);
            data.endAccess();
        }
        assertEquals("1 true false", client.send(TestRequest.get("/shop/").header("Cookie", cookie)).text());
        assertEquals(1, events.stream().filter("destroyed 1"::equals).count());
        assertEquals(2, store.all().size());
        new SessionManager((GatewayServletContext) app.servletContext(), store).sweep(System.currentTimeMillis());
        assertEquals(2, events.stream().filter("destroyed 1"::equals).count());
        assertEquals(1, store.all().size());
        app.close();
        assertEquals(3, events.stream().filter("destroyed 1"::equals).count());
        assertTrue(store.all().isEmpty());
    }
}
