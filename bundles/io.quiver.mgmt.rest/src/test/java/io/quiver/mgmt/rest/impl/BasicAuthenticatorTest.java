package io.quiver.mgmt.rest.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BasicAuthenticatorTest {

    /** admin:secret has role admin; viewer:secret only viewer; everything else fails to log in. */
    private final BasicAuthenticator auth = new BasicAuthenticator((user, password) -> {
        if (!new String(password).equals("se:cret")) {
            return null;
        }
        return user.equals("admin") ? Set.of("admin", "manager") : user.equals("viewer") ? Set.of("viewer") : null;
    }, "admin");

    private static String basic(String credentials) {
        return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void onlyTheRequiredRolePasses() {
        assertEquals("admin", auth.authenticate(basic("admin:se:cret")));
        assertEquals("admin", auth.authenticate("basic " + basic("admin:se:cret").substring(6)));
        assertNull(auth.authenticate(basic("viewer:se:cret")));
        assertNull(auth.authenticate(basic("admin:wrong")));
    }

    @Test
    void malformedHeadersFail() {
        assertNull(auth.authenticate(null));
        assertNull(auth.authenticate("Bearer abc"));
        assertNull(auth.authenticate("Basic !!!"));
        assertNull(auth.authenticate(basic("no-colon")));
        assertNull(auth.authenticate(basic(":se:cret")));
    }
}
