package io.quiver.webconsole.impl;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpSession;

/**
 * CSRF protection by synchronizer token (OWASP): one random token per HTTP session, written into the page
 * and sent back by the page's script in the {@value #HEADER} header (or a {@value #PARAMETER} form field)
 * with every state-changing request. A request that changes state and does not carry its session's token
 * is refused. Basic authentication alone does not protect the console: the browser sends the credentials
 * with any cross-site form post.
 *
 * <p>Thread-safe: tokens live in the servlet container's sessions; creation is synchronized on the session.
 */
final class CsrfGuard {

    static final String HEADER = "X-Quiver-CSRF";
    static final String PARAMETER = "csrf";
    static final String SESSION_ATTRIBUTE = CsrfGuard.class.getName();

    /** Methods that only read (RFC 9110 safe methods) need no token. */
    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

    private final SecureRandom random = new SecureRandom();

    /** The token of the request's session, created with the session on first use. */
    String token(HttpServletRequest request) {
        HttpSession session = request.getSession(true);
        synchronized (session) {
            Object t = session.getAttribute(SESSION_ATTRIBUTE);
            if (t instanceof String s) {
                return s;
            }
            byte[] bytes = new byte[32];
            random.nextBytes(bytes);
            String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            session.setAttribute(SESSION_ATTRIBUTE, token);
            return token;
        }
    }

    /**
     * Whether the request may proceed: safe methods always, others only with the token of an existing
     * session, compared in constant time.
     */
    boolean permits(HttpServletRequest request) {
        if (SAFE.contains(request.getMethod())) {
            return true;
        }
        HttpSession session = request.getSession(false);
        Object expected = session == null ? null : session.getAttribute(SESSION_ATTRIBUTE);
        String presented = request.getHeader(HEADER);
        if (presented == null) {
            presented = request.getParameter(PARAMETER);
        }
        if (!(expected instanceof String e) || presented == null) {
            return false;
        }
        return MessageDigest.isEqual(e.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8));
    }
}
