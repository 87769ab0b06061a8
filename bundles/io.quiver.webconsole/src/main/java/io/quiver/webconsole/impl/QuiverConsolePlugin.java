package io.quiver.webconsole.impl;

import io.quiver.api.mgmt.AttributeDTO;
import io.quiver.api.mgmt.ManagementTree;
import io.quiver.api.mgmt.NodeDTO;
import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.apache.karaf.features.FeaturesService;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Quiver's page in the Felix Web Console ({@code /system/console/quiver}, category "SCSI Target"): a plain
 * servlet the console wraps, so the console does the authentication (Karaf JAAS, role admin) and draws the
 * frame around GET requests for the page. Routes below the label:
 * <pre>
 * GET  (page)            overview and forms, inside the console frame
 * GET  /stats.json       chart samples ({@link StatisticsJson})
 * GET  /features.json    offered features with state and last job ({@link FeatureDeployer})
 * GET  /res/*            quiver.js, quiver.css, chart.umd.js (spooled by the console through {@link #getResource})
 * POST /action           op=create|set|delete|run ({@link Actions}); op=feature ({@link FeatureDeployer})
 * </pre>
 * Every POST must carry the session's CSRF token ({@link CsrfGuard}), else 403.
 *
 * <p>Thread-safe: called concurrently on the container's request threads; holds only thread-safe helpers.
 */
@Component(service = Servlet.class, property = {
        "felix.webconsole.label=quiver",
        "felix.webconsole.title=Quiver",
        "felix.webconsole.category=SCSI Target"})
@Designate(ocd = QuiverConsolePlugin.Config.class)
public class QuiverConsolePlugin extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @ObjectClassDefinition(name = "Quiver Web Console plugin", description = "The Quiver page of the Felix Web Console.")
    public @interface Config {
        @AttributeDefinition(name = "Hot-deploy features",
                description = "Regular expression of the Karaf features the page offers to install, update and uninstall. "
                        + "By default the transports and handlers: not the core, what it needs, or the other management views.")
        String hot_deploy_features() default "quiver-(?!core$|netty$|sbc$|rest$|config$).+";
    }

    private final transient ManagementTree tree;
    private final transient CreateDefinitions definitions;
    private final transient FeatureDeployer deployer;
    private final transient CsrfGuard csrf = new CsrfGuard();
    private final transient Bundle bundle;

    @Activate
    public QuiverConsolePlugin(@Reference ManagementTree tree,
            @Reference(cardinality = ReferenceCardinality.OPTIONAL, policyOption = ReferencePolicyOption.GREEDY) MetaTypeService metaType,
            @Reference(cardinality = ReferenceCardinality.OPTIONAL, policyOption = ReferencePolicyOption.GREEDY) FeaturesService features,
            BundleContext context, Config config) {
        this.tree = tree;
        this.bundle = context.getBundle();
        this.definitions = new CreateDefinitions(context, metaType);
        this.deployer = features == null ? null : new FeatureDeployer(features, config.hot_deploy_features());
    }

    @Deactivate
    void deactivate() {
        if (deployer != null) {
            deployer.close();
        }
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String route = route(request);
        String root = pluginRoot(request);
        switch (route) {
            case "" -> response.getWriter().write(new OverviewPage(tree, this::createForm).render(root, csrf.token(request)));
            case "/stats.json" -> json(response, 200, StatisticsJson.sample(tree, System.currentTimeMillis()));
            case "/features.json" -> {
                try {
                    json(response, 200, Map.of("available", deployer != null, "features", deployer == null ? List.of() : deployer.list()));
                } catch (Exception e) {
                    json(response, 500, Map.of("error", String.valueOf(e.getMessage())));
                }
            }
            default -> response.sendError(HttpServletResponse.SC_NOT_FOUND);
        }
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!csrf.permits(request)) {
            json(response, 403, new Actions.Outcome(false, "missing or wrong CSRF token: reload the page", null).toJson());
            return;
        }
        if (!route(request).equals("/action")) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        Map<String, String> params = new LinkedHashMap<>();
        request.getParameterMap().forEach((k, v) -> params.put(k, v.length == 0 ? "" : v[0]));
        Actions.Outcome outcome;
        if ("feature".equals(params.get("op"))) {
            outcome = deployer == null ? new Actions.Outcome(false, "Karaf's FeaturesService is not available", null)
                    : deployer.submit(params.get("action"), params.get("feature"));
        } else {
            outcome = new Actions(tree).perform(params);
        }
        json(response, outcome.ok() ? 200 : 422, outcome.toJson());
    }

    @Override
    protected void doPut(HttpServletRequest request, HttpServletResponse response) throws IOException {
        refuseUnlessToken(request, response);
    }

    @Override
    protected void doDelete(HttpServletRequest request, HttpServletResponse response) throws IOException {
        refuseUnlessToken(request, response);
    }

    /** PUT and DELETE change nothing here; without a token they still get the 403 the CSRF rule promises. */
    private void refuseUnlessToken(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.sendError(csrf.permits(request) ? HttpServletResponse.SC_METHOD_NOT_ALLOWED : HttpServletResponse.SC_FORBIDDEN);
    }

    /**
     * Called by the Web Console (by reflection) for {@code /quiver/res/...}: the page's script, style and the
     * embedded Chart.js.
     */
    public URL getResource(String path) {
        String prefix = "/quiver/res/";
        if (path == null || !path.startsWith(prefix) || path.contains("..")) {
            return null;
        }
        String name = path.substring(prefix.length());
        URL own = getClass().getClassLoader().getResource("quiver-res/" + name);
        if (own != null || bundle == null) {
            return own;
        }
        // vendored files (Chart.js) keep their webjar folders below quiver-res/vendor
        Enumeration<URL> vendored = bundle.findEntries("quiver-res/vendor", name, true);
        return vendored != null && vendored.hasMoreElements() ? vendored.nextElement() : null;
    }

    private String createForm(NodeDTO collection) {
        AttributeDTO pid = collection.attribute("factory_pid");
        String label = collection.name.equals("luns") ? "LUN number" : "Name";
        return AttributeForms.create(collection, label, definitions.of(pid == null ? null : pid.value));
    }

    /** The request's path below the plugin label: "" for the page itself. */
    static String route(HttpServletRequest request) {
        String info = request.getPathInfo() == null ? "" : request.getPathInfo();
        String rest = info.startsWith("/quiver") ? info.substring("/quiver".length()) : info;
        return rest.equals("/") ? "" : rest;
    }

    private static String pluginRoot(HttpServletRequest request) {
        Object root = request.getAttribute("felix.webconsole.pluginRoot");
        return root != null ? root.toString() : request.getContextPath() + request.getServletPath() + "/quiver";
    }

    private static void json(HttpServletResponse response, int status, Object body) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.getOutputStream().write(Json.write(body).getBytes(StandardCharsets.UTF_8));
    }
}
