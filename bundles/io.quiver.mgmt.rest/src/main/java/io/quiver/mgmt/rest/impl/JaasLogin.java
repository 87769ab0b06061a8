package io.quiver.mgmt.rest.impl;

import java.util.HashSet;
import java.util.Set;
import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.LoginContext;
import javax.security.auth.login.LoginException;
import org.apache.karaf.jaas.boot.ProxyLoginModule;
import org.apache.karaf.jaas.boot.principal.RolePrincipal;

/**
 * A {@link BasicAuthenticator.Login} through a Karaf JAAS realm: a {@link LoginContext} with a name and
 * password callback handler, and the {@link RolePrincipal}s of the subject it yields. Karaf's JAAS
 * configuration names {@link ProxyLoginModule}, which {@link LoginContext} loads through the context
 * class loader, so the login runs with one that sees it. Thread-safe: every call has its own context.
 */
final class JaasLogin implements BasicAuthenticator.Login {

    static final String REALM = "karaf";
    static final String ROLE = "admin";

    private final String realm;

    JaasLogin(String realm) {
        this.realm = realm;
    }

    @Override
    public Set<String> roles(String user, char[] password) {
        Subject subject = new Subject();
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(ProxyLoginModule.class.getClassLoader());
        try {
            LoginContext context = new LoginContext(realm, subject, callbacks -> {
                for (Callback c : callbacks) {
                    if (c instanceof NameCallback n) {
                        n.setName(user);
                    } else if (c instanceof PasswordCallback p) {
                        p.setPassword(password);
                    } else {
                        throw new UnsupportedCallbackException(c);
                    }
                }
            });
            context.login();
            Set<String> roles = new HashSet<>();
            subject.getPrincipals(RolePrincipal.class).forEach(r -> roles.add(r.getName()));
            context.logout();
            return roles;
        } catch (LoginException e) {
            return null;
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
