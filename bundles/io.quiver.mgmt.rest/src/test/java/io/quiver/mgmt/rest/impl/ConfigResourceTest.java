package io.quiver.mgmt.rest.impl;

import static io.quiver.mgmt.rest.impl.Requests.json;
import static io.quiver.mgmt.rest.impl.Requests.problem;
import static io.quiver.mgmt.rest.impl.Requests.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quiver.config.ConfigProblem;
import io.quiver.config.ConfigReport;
import io.quiver.config.ScstConfigService;
import io.quiver.config.impl.ScstConfigComponent;
import io.quiver.testing.InMemoryManagementTree;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigResourceTest {

    /** Reports ok unless the text contains "bad"; records its calls. */
    private static final class FakeConfig implements ScstConfigService {
        final List<String> calls = new ArrayList<>();

        @Override
        public ConfigReport check(String fileName, String text) {
            calls.add("check " + fileName + " " + text);
            return report(fileName, text);
        }

        @Override
        public ConfigReport apply(String fileName, String text, boolean dryRun, boolean force) {
            calls.add("apply " + fileName + " dryRun=" + dryRun + " force=" + force);
            return report(fileName, text);
        }

        @Override
        public String write() {
            return "HANDLER vdisk_nullio {\n}\n";
        }

        private static ConfigReport report(String fileName, String text) {
            ConfigReport r = new ConfigReport();
            r.ok = !text.contains("bad");
            if (!r.ok) {
                r.problems.add(new ConfigProblem(fileName, 3, "/handlers/vdisk_nullio/d", "size", "not a Long: bad"));
            }
            r.plan.add("create /handlers/vdisk_nullio/d");
            return r;
        }
    }

    private final FakeConfig config = new FakeConfig();
    private final Router router = new ConfigResource(() -> config).router();

    /**
     * Found by RestRequestFuzzTest: a name the tree refuses escaped the tool as the tree's exception (a 500,
     * then a 422 without file or line). The tool now checks names by the tree's rule (ObjectNames), so check
     * answers 200 with the problem of the name's line and apply answers 422 with that report, applying nothing.
     */
    @Test
    void aNameTheTreeRefusesIsAProblemOfItsLine() throws Exception {
        InMemoryManagementTree tree = RestTestTree.create();
        tree.clearLog();
        ScstConfigComponent real = new ScstConfigComponent(tree);
        Router withTree = new ConfigResource(() -> real).router();
        String text = "HANDLER vdisk_nullio {\n\tDEVICE ..\n}\n";
        ApiResponse checked = withTree.dispatch(request("POST", "/config/check", text));
        assertEquals(200, checked.status());
        ApiResponse applied = withTree.dispatch(request("POST", "/config/apply", text));
        assertEquals(422, applied.status());
        assertEquals(ApiResponse.JSON, applied.contentType());
        for (JsonNode report : List.of(json(checked), json(applied))) {
            assertFalse(report.get("ok").asBoolean(), report.toString());
            assertEquals(1, report.get("problems").size(), report.toString());
            JsonNode p = report.get("problems").get(0);
            assertEquals("scst.conf", p.get("file").asText());
            assertEquals(2, p.get("line").asInt());
            assertEquals("..", p.get("object").asText());
            assertEquals("DEVICE: not a valid name: no relative segments in paths: ..", p.get("message").asText());
        }
        assertEquals(List.of(), tree.log());
    }

    @Test
    void writesTheRunningConfigAsText() {
        ApiResponse r = router.dispatch(request("GET", "/config"));
        assertEquals(200, r.status());
        assertEquals(ApiResponse.TEXT, r.contentType());
        assertEquals("HANDLER vdisk_nullio {\n}\n", r.body());
    }

    @Test
    void checkAnswersTheReportEvenWhenNotOk() throws Exception {
        ApiResponse r = router.dispatch(request("POST", "/config/check", Map.of("file", "my.conf"), "bad"));
        assertEquals(200, r.status());
        JsonNode report = json(r);
        assertFalse(report.get("ok").asBoolean());
        JsonNode p = report.get("problems").get(0);
        assertEquals("my.conf", p.get("file").asText());
        assertEquals(3, p.get("line").asInt());
        assertEquals("size", p.get("attribute").asText());
        assertEquals(List.of("check my.conf bad"), config.calls);
    }

    @Test
    void applyPassesFlagsAndAnswers422WhenNotOk() throws Exception {
        ApiResponse ok = router.dispatch(request("POST", "/config/apply", Map.of("dryRun", "true", "force", ""), "fine"));
        assertEquals(200, ok.status());
        assertTrue(json(ok).get("ok").asBoolean());
        ApiResponse bad = router.dispatch(request("POST", "/config/apply", Map.of("force", "false"), "bad"));
        assertEquals(422, bad.status());
        assertEquals(ApiResponse.JSON, bad.contentType());
        assertEquals(List.of("apply scst.conf dryRun=true force=true", "apply scst.conf dryRun=false force=false"), config.calls);
    }

    @Test
    void missingServiceIs503() throws Exception {
        Router none = new ConfigResource(() -> null).router();
        JsonNode p = problem(none, request("POST", "/config/check", "x"), 503);
        assertTrue(p.get("detail").asText().contains("io.quiver.config"));
        problem(none, request("GET", "/config"), 503);
    }
}
