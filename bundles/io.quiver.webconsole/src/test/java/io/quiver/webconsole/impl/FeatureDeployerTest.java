package io.quiver.webconsole.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.karaf.features.Feature;
import org.apache.karaf.features.FeatureState;
import org.apache.karaf.features.FeaturesService;
import org.junit.jupiter.api.Test;

/** Hot deploy: only offered features, one job per feature, outcome kept for the page to poll. */
class FeatureDeployerTest {

    final List<String> calls = new ArrayList<>();
    final List<Runnable> queued = new ArrayList<>();
    boolean failInstall;
    final java.util.Set<String> installed = new java.util.HashSet<>();

    /** Runs jobs when the test says so: the deployer must return before the job ran. */
    final AbstractExecutorService executor = new AbstractExecutorService() {
        @Override
        public void execute(Runnable command) {
            queued.add(command);
        }

        @Override
        public void shutdown() {
        }

        @Override
        public List<Runnable> shutdownNow() {
            return List.of();
        }

        @Override
        public boolean isShutdown() {
            return false;
        }

        @Override
        public boolean isTerminated() {
            return false;
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) {
            return true;
        }
    };

    static Feature feature(String name, String version, String installedOrNot) {
        return Fakes.proxy(Feature.class, Map.of("getName", name, "getVersion", version, "getId", name + "/" + version,
                "getDescription", installedOrNot, "getRepositoryUrl", "mvn:io.quiver/quiver-features/0.1.0/xml/features"));
    }

    FeaturesService service(Feature... features) {
        Map<String, Object> answers = new HashMap<>();
        answers.put("listFeatures", features);
        for (Feature f : features) {
            if (f.getDescription().equals("installed")) {
                installed.add(f.getName());
            }
        }
        answers.put("isInstalled", (Function<Object[], Object>) a -> installed.contains(((Feature) a[0]).getName()));
        // installed by name, not as a dependency (FeatureUnpinningTest has the other case)
        answers.put("isRequired", (Function<Object[], Object>) a -> installed.contains(((Feature) a[0]).getName()));
        answers.put("getState", (Function<Object[], Object>) a -> FeatureState.Started);
        answers.put("getFeatures", (Function<Object[], Object>) a -> new Feature[] {features[0]});
        answers.put("installFeature", (Function<Object[], Object>) a -> {
            if (failInstall) {
                throw new IllegalStateException("cannot resolve");
            }
            calls.add("install " + a[0] + (a.length > 1 ? " " + a[1] : ""));
            installed.add(String.valueOf(a[0]));
            return null;
        });
        answers.put("uninstallFeature", (Function<Object[], Object>) a -> {
            if (!installed.remove(String.valueOf(a[0]))) {
                throw new IllegalArgumentException("Feature named '" + a[0] + "/0' is not installed");
            }
            return calls.add("uninstall " + a[0]);
        });
        answers.put("refreshRepository", (Function<Object[], Object>) a -> calls.add("refresh " + a[0]));
        return Fakes.proxy(FeaturesService.class, answers);
    }

    @Test
    void listsTheNewestVersionOfEachOfferedFeature() throws Exception {
        FeatureDeployer d = new FeatureDeployer(service(feature("quiver-nullio", "0.9.0", "installed"),
                feature("quiver-nullio", "0.10.0", "installed"), feature("quiver-core", "0.1.0", "installed"),
                feature("webconsole", "4.4.10", "installed")), "quiver-(?!core$).+", executor);
        List<Map<String, Object>> list = d.list();
        assertEquals(1, list.size());
        assertEquals("0.10.0", list.get(0).get("version"));
        assertEquals(true, list.get(0).get("installed"));
        assertEquals("Started", list.get(0).get("state"));
    }

    @Test
    void installRunsOnTheDeployersThreadAndReportsItsOutcome() throws Exception {
        FeatureDeployer d = new FeatureDeployer(service(feature("quiver-nullio", "0.1.0", "no")), "quiver-.+", executor);
        assertTrue(d.submit("install", "quiver-nullio").ok());
        assertEquals(List.of(), calls, "submit returns before the job runs");
        assertEquals(Map.of("action", "install", "state", "running", "message", "install quiver-nullio started"), d.list().get(0).get("job"));
        assertFalse(d.submit("uninstall", "quiver-nullio").ok(), "one job at a time per feature");
        queued.remove(0).run();
        assertEquals(List.of("install quiver-nullio"), calls);
        assertEquals("done", ((Map<?, ?>) d.list().get(0).get("job")).get("state"));
        assertTrue(d.submit("uninstall", "quiver-nullio").ok());
        queued.remove(0).run();
        assertEquals("uninstall quiver-nullio", calls.get(1));
    }

    @Test
    void updateReloadsTheRepositoryAndUpgrades() {
        FeatureDeployer d = new FeatureDeployer(service(feature("quiver-iscsi", "0.1.0", "installed")), "quiver-.+", executor);
        d.submit("update", "quiver-iscsi");
        queued.remove(0).run();
        assertEquals(List.of("refresh mvn:io.quiver/quiver-features/0.1.0/xml/features", "install quiver-iscsi [Upgrade]"), calls);
    }

    @Test
    void failuresAndRefusals() throws Exception {
        FeatureDeployer d = new FeatureDeployer(service(feature("quiver-fileio", "0.1.0", "no")), "quiver-(?!core$).+", executor);
        failInstall = true;
        d.submit("install", "quiver-fileio");
        queued.remove(0).run();
        assertEquals(Map.of("action", "install", "state", "failed", "message", "install quiver-fileio failed: cannot resolve"),
                d.list().get(0).get("job"));
        assertFalse(d.submit("install", "quiver-core").ok());
        assertFalse(d.submit("install", "webconsole").ok());
        assertFalse(d.submit("explode", "quiver-fileio").ok());
        assertTrue(queued.isEmpty());
    }

    @Test
    void anUninstallThatCannotBeDoneFailsWithTheReason() throws Exception {
        FeatureDeployer d = new FeatureDeployer(service(feature("quiver-cdrom", "0.1.0", "no")), "quiver-.+", executor);
        assertTrue(d.submit("uninstall", "quiver-cdrom").ok());
        queued.remove(0).run();
        assertEquals(Map.of("action", "uninstall", "state", "failed", "message", "uninstall quiver-cdrom failed: quiver-cdrom is not installed"),
                d.list().get(0).get("job"));
        assertEquals(false, d.list().get(0).get("required"));
        assertEquals(List.of(), calls);
    }

    @Test
    void versionsCompareNumerically() {
        assertTrue(FeatureDeployer.compare("0.10.0", "0.9.1") > 0);
        assertTrue(FeatureDeployer.compare("1.0.0", "1.0.0.SNAPSHOT") < 0);
        assertEquals(0, FeatureDeployer.compare("4.4.10", "4.4.10"));
    }
}
