package io.quiver.mgmt.rest.impl;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;

/**
 * HTTP Basic authentication (RFC 7617): decodes the {@code Authorization} header and asks a
 * {@link Login} for the user's roles; the user passes only with the required role. Stateless apart from
 * its collaborators; thread-safe if the {@link Login} is.
 */
final class BasicAuthenticator {

    /** Checks a user name and password; answers the user's roles, or {@code null} if they do not log in. */
    interface Login {
        Set<String> roles(String user, char[] password);
    }

    private final Login login;
    private final String role;

    BasicAuthenticator(Login login, String role) {
        this.login = login;
        this.role = role;
    }

    /** The authenticated user's name, or {@code null} when the header is missing, malformed or refused. */
    String authenticate(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0) {
            return null;
        }
        String user = decoded.substring(0, colon);
        Set<String> roles = login.roles(user, decoded.substring(colon + 1).toCharArray());
        return roles != null && roles.contains(role) ? user : null;
    }
}
