package io.quiver.webconsole.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpSession;
import org.junit.jupiter.api.Test;

/** The synchronizer token: issued per session, required with the session's value on state-changing methods. */
class CsrfGuardTest {

    final CsrfGuard guard = new CsrfGuard();

    static HttpSession session() {
        Map<String, Object> store = new HashMap<>();
        return Fakes.proxy(HttpSession.class, Map.of(
                "getAttribute", (Function<Object[], Object>) a -> store.get((String) a[0]),
                "setAttribute", (Function<Object[], Object>) a -> store.put((String) a[0], a[1])));
    }

    static HttpServletRequest request(String method, HttpSession session, String header, String parameter) {
        Map<String, Object> answers = new HashMap<>();
        answers.put("getMethod", method);
        answers.put("getSession", (Function<Object[], Object>) a -> session);
        if (header != null) {
            answers.put("getHeader:" + CsrfGuard.HEADER, header);
        }
        if (parameter != null) {
            answers.put("getParameter:" + CsrfGuard.PARAMETER, parameter);
        }
        return Fakes.proxy(HttpServletRequest.class, answers);
    }

    @Test
    void oneRandomTokenPerSession() {
        HttpSession s = session();
        String t = guard.token(request("GET", s, null, null));
        assertEquals(t, guard.token(request("GET", s, null, null)));
        assertTrue(t.length() >= 40, t);
        assertNotEquals(t, guard.token(request("GET", session(), null, null)));
    }

    @Test
    void readsNeedNoToken() {
        assertTrue(guard.permits(request("GET", null, null, null)));
        assertTrue(guard.permits(request("HEAD", null, null, null)));
    }

    @Test
    void changesNeedTheSessionsToken() {
        HttpSession s = session();
        String t = guard.token(request("GET", s, null, null));
        for (String method : new String[] {"POST", "PUT", "DELETE"}) {
            assertTrue(guard.permits(request(method, s, t, null)), method);
            assertTrue(guard.permits(request(method, s, null, t)), method + " as a form field");
            assertFalse(guard.permits(request(method, s, null, null)), method + " without a token");
            assertFalse(guard.permits(request(method, s, t + "x", null)), method + " with a wrong token");
            assertFalse(guard.permits(request(method, s, t.substring(1), null)), method + " with a prefix");
        }
    }

    @Test
    void anotherSessionsTokenOrNoSessionIsRefused() {
        HttpSession mine = session();
        HttpSession theirs = session();
        guard.token(request("GET", mine, null, null));
        String theirToken = guard.token(request("GET", theirs, null, null));
        assertFalse(guard.permits(request("POST", mine, theirToken, null)));
        assertFalse(guard.permits(request("POST", null, theirToken, null)));
        assertFalse(guard.permits(request("POST", session(), "", null)), "a fresh session has no token yet");
    }
}
