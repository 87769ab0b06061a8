package io.quiver.webconsole.impl;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.karaf.features.Dependency;
import org.apache.karaf.features.Feature;
import org.apache.karaf.features.FeaturesService;

/**
 * Makes a feature removable by name before the page uninstalls it. Karaf uninstalls only a feature that
 * was installed by name (a root requirement); one that is there only because another installed feature
 * requires it cannot be removed ({@code Feature named 'quiver-nullio/0' is not installed}). When what
 * requires it is an umbrella — a feature of nothing but other features, like {@code quiver} — the umbrella
 * is replaced by its parts (install the parts by name, then uninstall the umbrella: no bundle changes), so
 * the button does what the user asked. When a feature with bundles of its own requires it, nothing is
 * changed and the refusal names that feature.
 *
 * <p>Runs on the deployer's thread; stateless.
 */
final class FeatureUnpinning {

    /** Umbrellas inside umbrellas: give up after this many rounds rather than loop on a cycle. */
    private static final int MAX_ROUNDS = 8;

    private FeatureUnpinning() {
    }

    /**
     * Ensures {@code name} is installed by name.
     *
     * @return what was changed for it, for the job's message ("" when nothing was)
     * @throws IllegalStateException why it cannot be uninstalled: not installed, or required by a feature with
     *                               bundles of its own
     */
    static String unpin(FeaturesService features, String name) throws Exception {
        Feature target = installed(features, name);
        if (target == null) {
            throw new IllegalStateException(name + " is not installed");
        }
        Set<String> dissolved = new LinkedHashSet<>();
        for (int round = 0; !features.isRequired(target); round++) {
            List<Feature> pinning = new ArrayList<>();
            for (Feature f : features.listRequiredFeatures()) {
                if (requires(features, f, name, new HashSet<>())) {
                    pinning.add(f);
                }
            }
            List<String> owners = pinning.stream().filter(f -> !umbrella(f)).map(Feature::getName).toList();
            if (!owners.isEmpty()) {
                throw new IllegalStateException(name + " is required by the installed feature(s) " + String.join(", ", owners)
                        + "; Karaf removes it only with them (feature:uninstall " + String.join(" ", owners) + ")");
            }
            if (pinning.isEmpty() || round == MAX_ROUNDS) {
                throw new IllegalStateException(name + " was installed as a dependency and no installed feature that"
                        + " requires it could be found; install it by name first (feature:install " + name + ")");
            }
            for (Feature umbrella : pinning) {
                Set<String> parts = new LinkedHashSet<>();
                for (Dependency d : umbrella.getDependencies()) {
                    parts.add(d.hasVersion() ? d.getName() + "/" + d.getVersion() : d.getName());
                }
                features.installFeatures(parts, EnumSet.noneOf(FeaturesService.Option.class));
                features.uninstallFeature(umbrella.getName(), umbrella.getVersion());
                dissolved.add(umbrella.getName());
            }
        }
        return dissolved.isEmpty() ? ""
                : " (the umbrella feature " + String.join(", ", dissolved) + " was replaced by its parts, which stay installed)";
    }

    /** An umbrella: nothing but other features (no bundles, configurations or conditionals of its own). */
    static boolean umbrella(Feature f) {
        return f.getBundles().isEmpty() && f.getConfigurations().isEmpty() && f.getConfigurationFiles().isEmpty()
                && f.getConditional().isEmpty() && !f.getDependencies().isEmpty();
    }

    private static Feature installed(FeaturesService features, String name) throws Exception {
        for (Feature f : features.getFeatures(name)) {
            if (features.isInstalled(f)) {
                return f;
            }
        }
        return null;
    }

    /** Whether {@code f} requires the feature {@code name}, directly or through other features. */
    private static boolean requires(FeaturesService features, Feature f, String name, Set<String> seen) throws Exception {
        if (!seen.add(f.getId())) {
            return false;
        }
        for (Dependency d : f.getDependencies()) {
            if (d.getName().equals(name)) {
                return true;
            }
            for (Feature g : features.getFeatures(d.getName())) {
                if (requires(features, g, name, seen)) {
                    return true;
                }
            }
        }
        return false;
    }
}
