package io.quiver.mgmt.rest.impl;

import io.quiver.api.mgmt.ManagementException;
import io.quiver.config.ConfigReport;
import io.quiver.config.ScstConfigService;
import java.util.List;
import java.util.function.Supplier;

/**
 * {@code /quiver/api/v1/config}: the {@code scst.conf} tool over HTTP. {@code check} and {@code apply}
 * take the file as the text body and answer the {@link ConfigReport} as JSON ({@code apply} with 422
 * when the report is not ok, after the tool rolled back); {@code GET} answers the running system as
 * {@code scst.conf} (with {@code ?nonkey=true} every writable attribute, as {@code scstadmin -nonkey}). Answers 503 while no {@link ScstConfigService} is registered. Stateless and
 * thread-safe; calls block while the tool applies.
 */
final class ConfigResource {

    private final Supplier<ScstConfigService> service;
    private final Router router = new Router()
            .add("GET", "/config", this::write)
            .add("POST", "/config/check", this::check)
            .add("POST", "/config/apply", this::apply);

    ConfigResource(Supplier<ScstConfigService> service) {
        this.service = service;
    }

    Router router() {
        return router;
    }

    private ApiResponse write(ApiRequest r, List<String> v) {
        return new ApiResponse(200, ApiResponse.TEXT, service().write(r.flag("nonkey")));
    }

    private ApiResponse check(ApiRequest r, List<String> v) {
        ConfigReport report = refusable(() -> service().check(fileName(r), r.text()));
        return new ApiResponse(200, ApiResponse.JSON, Json.write(report));
    }

    private ApiResponse apply(ApiRequest r, List<String> v) {
        ConfigReport report = refusable(() -> service().apply(fileName(r), r.text(), r.flag("dryRun"), r.flag("force")));
        return new ApiResponse(report.ok ? 200 : 422, ApiResponse.JSON, Json.write(report));
    }

    /**
     * Runs the config tool, turning a refusal by the management tree that escaped it (an object name the
     * tree rejects, such as {@code a..b}, found by fuzzing) into a 422 problem instead of a 500.
     */
    private static ConfigReport refusable(Supplier<ConfigReport> call) {
        try {
            return call.get();
        } catch (ManagementException e) {
            throw ApiProblem.refused(e.getMessage(), null, null);
        }
    }

    /** The name problems cite: {@code ?file=} when the client gives one. */
    private static String fileName(ApiRequest r) {
        return r.query().getOrDefault("file", "scst.conf");
    }

    private ScstConfigService service() {
        ScstConfigService s = service.get();
        if (s == null) {
            throw ApiProblem.unavailable("the scst.conf config tool (bundle io.quiver.config) is not running");
        }
        return s;
    }
}
