package io.quiver.mgmt.rest.impl;

import io.quiver.api.mgmt.ManagementTree;
import java.util.function.Supplier;
import javax.servlet.Servlet;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * {@code /quiver/metrics}: the statistics of the management tree in the Prometheus text format, behind the
 * same authentication as the API (a Prometheus scrape config gives {@code basic_auth}). 503 while the
 * tree is not available. Thread-safe.
 */
@Component(service = Servlet.class, property = {
        "osgi.http.whiteboard.servlet.pattern=/metrics",
        "osgi.http.whiteboard.servlet.name=quiver-metrics",
        "osgi.http.whiteboard.context.select=(" + QuiverServletContext.SELECT + ")" })
public class MetricsServlet extends ApiServlet {

    private static final long serialVersionUID = 1L;
    /** The Prometheus text exposition format's media type. */
    static final String PROMETHEUS = "text/plain; version=0.0.4; charset=utf-8";

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ManagementTree tree;

    private final transient Router router = routes(() -> tree);

    static Router routes(Supplier<ManagementTree> tree) {
        return new Router().add("GET", "/metrics", (r, v) -> {
            ManagementTree t = tree.get();
            if (t == null) {
                throw ApiProblem.noTree();
            }
            return new ApiResponse(200, PROMETHEUS, PrometheusWriter.write(StatisticsNodes.collect(t)));
        });
    }

    public MetricsServlet() {
        super("");
    }

    @Override
    protected Router router() {
        return router;
    }
}
