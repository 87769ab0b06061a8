package io.quiver.mgmt.rest.impl;

import io.quiver.api.mgmt.ManagementTree;
import io.quiver.config.ScstConfigService;
import java.util.function.Supplier;
import javax.servlet.Servlet;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * {@code /quiver/api/v1/*}: the index of entry points ({@link ApiIndex}), the tree, the config tool and the
 * OpenAPI document, registered with the HTTP
 * Whiteboard in the {@link QuiverServletContext quiver} context (so behind its authentication). Both
 * services are optional and dynamic: while one is missing its endpoints answer 503 instead of vanishing.
 * Thread-safe.
 */
@Component(service = Servlet.class, property = {
        "osgi.http.whiteboard.servlet.pattern=/api/v1/*",
        "osgi.http.whiteboard.servlet.name=quiver-rest-api",
        "osgi.http.whiteboard.context.select=(" + QuiverServletContext.SELECT + ")" })
public class RestApiServlet extends ApiServlet {

    private static final long serialVersionUID = 1L;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ManagementTree tree;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ScstConfigService config;

    private final transient Router router = routes(() -> tree, () -> config);

    /** The whole API's dispatch table, over the given service lookups. */
    static Router routes(Supplier<ManagementTree> tree,
            Supplier<ScstConfigService> config) {
        return new Router()
                .add("GET", "/", (r, v) -> ApiIndex.response())
                .include(new TreeResource(tree).router())
                .include(new ConfigResource(config).router())
                .add("GET", "/openapi.json", (r, v) -> OpenApiDocument.response());
    }

    public RestApiServlet() {
        super("/api/v1");
    }

    @Override
    protected Router router() {
        return router;
    }
}
