package io.quiver.mgmt.rest.impl;

import java.io.IOException;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ServiceScope;
import org.osgi.service.http.context.ServletContextHelper;

/**
 * The HTTP Whiteboard servlet context {@code quiver} at {@code /quiver}: every Quiver servlet selects it,
 * so every request passes {@link #handleSecurity} first, which admits only Karaf users with role
 * {@code admin} (Basic authentication against the JAAS realm {@code karaf}) and answers everyone else 401
 * with {@code WWW-Authenticate}. Bundle-scoped, as the Whiteboard expects of context helpers. Thread-safe.
 */
@Component(service = ServletContextHelper.class, scope = ServiceScope.BUNDLE, property = {
        "osgi.http.whiteboard.context.name=" + QuiverServletContext.NAME,
        "osgi.http.whiteboard.context.path=/quiver" })
public class QuiverServletContext extends ServletContextHelper {

    static final String NAME = "quiver";
    /** The filter body servlets use in {@code osgi.http.whiteboard.context.select}. */
    static final String SELECT = "osgi.http.whiteboard.context.name=" + NAME;

    private final BasicAuthenticator authenticator = new BasicAuthenticator(new JaasLogin(JaasLogin.REALM), JaasLogin.ROLE);

    @Override
    public boolean handleSecurity(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String user = authenticator.authenticate(request.getHeader("Authorization"));
        if (user != null) {
            request.setAttribute(REMOTE_USER, user);
            request.setAttribute(AUTHENTICATION_TYPE, HttpServletRequest.BASIC_AUTH);
            return true;
        }
        ApiResponse denied = new ApiProblem(401, "unauthorized", "Unauthorized",
                "Basic authentication as a Karaf user with role " + JaasLogin.ROLE + " is required", null, null)
                .toResponse().header("WWW-Authenticate", "Basic realm=\"" + JaasLogin.REALM + "\", charset=\"UTF-8\"");
        ApiServlet.write(response, denied);
        return false;
    }
}
