package io.quiver.webconsole.impl;

import java.net.URI;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;
import org.apache.karaf.features.Feature;
import org.apache.karaf.features.FeaturesService;

/**
 * Hot deploy from the page: installs, updates and uninstalls the transport and handler features the
 * configured pattern offers, through Karaf's {@link FeaturesService}. A feature operation resolves and
 * refreshes bundles and may take many seconds, so it runs on this deployer's own thread and the page
 * polls {@link #list()} for the feature's state and the job's outcome; the servlet thread only submits.
 *
 * <p>Uninstalling a feature that an umbrella feature pins first replaces the umbrella by its parts
 * ({@link FeatureUnpinning}); a failed job keeps Karaf's reason for the page to show.
 *
 * <p>Thread-safe: one job at a time per deployer (Karaf serialises deployments anyway), job states in a
 * concurrent map. {@link #close()} abandons queued jobs.
 */
final class FeatureDeployer implements AutoCloseable {

    /** The last operation on a feature: {@code running}, {@code done} or {@code failed}, with a message. */
    record Job(String action, String state, String message) {
    }

    private final FeaturesService features;
    private final Pattern offered;
    private final ExecutorService executor;
    private final Map<String, Job> jobs = new ConcurrentHashMap<>();

    FeatureDeployer(FeaturesService features, String offeredPattern) {
        this(features, offeredPattern, Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "quiver-console-features");
            t.setDaemon(true);
            return t;
        }));
    }

    /** With the executor that runs the jobs (tests pass one that runs them at once). */
    FeatureDeployer(FeaturesService features, String offeredPattern, ExecutorService executor) {
        this.features = features;
        this.offered = Pattern.compile(offeredPattern);
        this.executor = executor;
    }

    /** The offered features (newest version of each name) with their state and last job, sorted by name. */
    List<Map<String, Object>> list() throws Exception {
        Map<String, Feature> newest = new TreeMap<>();
        for (Feature f : features.listFeatures()) {
            if (!f.isHidden() && offered.matcher(f.getName()).matches()) {
                newest.merge(f.getName(), f, (a, b) -> compare(a.getVersion(), b.getVersion()) >= 0 ? a : b);
            }
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (Feature f : newest.values()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", f.getName());
            m.put("version", f.getVersion());
            m.put("description", f.getDescription() == null ? "" : f.getDescription());
            m.put("installed", features.isInstalled(f));
            // installed by name (a root requirement) or only because another installed feature requires it
            m.put("required", features.isRequired(f));
            m.put("state", String.valueOf(features.getState(f.getId())));
            Job j = jobs.get(f.getName());
            if (j != null) {
                m.put("job", Map.of("action", j.action(), "state", j.state(), "message", j.message()));
            }
            out.add(m);
        }
        return out;
    }

    /**
     * Starts {@code install}, {@code update} or {@code uninstall} of an offered feature and returns at once.
     *
     * @return an outcome for the page: accepted, or refused with the reason
     */
    Actions.Outcome submit(String action, String name) {
        if (name == null || !offered.matcher(name).matches()) {
            return new Actions.Outcome(false, "not a feature this page manages: " + name, null);
        }
        if (!List.of("install", "update", "uninstall").contains(action)) {
            return new Actions.Outcome(false, "unknown feature action: " + action, null);
        }
        Job running = new Job(action, "running", action + " " + name + " started");
        Job previous = jobs.get(name);
        if (previous != null && previous.state().equals("running")) {
            return new Actions.Outcome(false, name + ": " + previous.action() + " still running", null);
        }
        jobs.put(name, running);
        executor.execute(() -> jobs.put(name, run(action, name)));
        return new Actions.Outcome(true, running.message(), null);
    }

    private Job run(String action, String name) {
        String note = "";
        try {
            switch (action) {
                case "install" -> features.installFeature(name);
                case "uninstall" -> {
                    note = FeatureUnpinning.unpin(features, name);
                    features.uninstallFeature(name);
                }
                default -> {
                    // update: reload the repository that defines the feature, then move to its newest version
                    for (Feature f : features.getFeatures(name)) {
                        features.refreshRepository(URI.create(f.getRepositoryUrl()));
                    }
                    features.installFeature(name, EnumSet.of(FeaturesService.Option.Upgrade));
                }
            }
            return new Job(action, "done", action + " " + name + " done" + note);
        } catch (Exception e) {
            // Karaf's refusal as it is (the page shows it as an error next to the feature and at the top)
            return new Job(action, "failed", action + " " + name + " failed: " + e.getMessage());
        }
    }

    /** Compares dotted versions numerically where they are numbers ("0.10.0" after "0.9.1"). */
    static int compare(String a, String b) {
        String[] x = a.split("[.-]");
        String[] y = b.split("[.-]");
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            int c = x[i].matches("\\d+") && y[i].matches("\\d+")
                    ? Long.compare(Long.parseLong(x[i]), Long.parseLong(y[i])) : x[i].compareTo(y[i]);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(x.length, y.length);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
