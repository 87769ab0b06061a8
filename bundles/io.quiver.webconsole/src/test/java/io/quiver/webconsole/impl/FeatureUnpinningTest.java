package io.quiver.webconsole.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.apache.karaf.features.Dependency;
import org.apache.karaf.features.Feature;
import org.apache.karaf.features.FeaturesService;
import org.junit.jupiter.api.Test;

/**
 * Uninstalling a feature that is installed only as a dependency: an umbrella that pins it is replaced by its
 * parts; a feature with bundles of its own that requires it is named in the refusal and nothing changes.
 */
class FeatureUnpinningTest {

    final List<String> calls = new ArrayList<>();
    /** Root requirements (installed by name), as Karaf keeps them. */
    final Set<String> required = new LinkedHashSet<>();
    final Map<String, Feature> all = new HashMap<>();

    Feature feature(String name, boolean bundles, String... dependencies) {
        List<Dependency> deps = Arrays.stream(dependencies)
                .map(d -> Fakes.proxy(Dependency.class, Map.of("getName", d, "getVersion", "0.0.0")))
                .toList();
        Feature f = Fakes.proxy(Feature.class, Map.of("getName", name, "getVersion", "0.1.0", "getId", name + "/0.1.0",
                "getDependencies", deps, "getBundles", bundles ? List.of("a bundle") : List.of(),
                "getConfigurations", List.of(), "getConfigurationFiles", List.of(), "getConditional", List.of()));
        all.put(name, f);
        return f;
    }

    FeaturesService service() {
        Map<String, Object> answers = new HashMap<>();
        answers.put("getFeatures", (Function<Object[], Object>) a -> all.containsKey(a[0])
                ? new Feature[] {all.get(a[0])} : new Feature[0]);
        answers.put("isInstalled", (Function<Object[], Object>) a -> !((Feature) a[0]).getName().equals("quiver-cdrom"));
        answers.put("isRequired", (Function<Object[], Object>) a -> required.contains(((Feature) a[0]).getName()));
        answers.put("listRequiredFeatures", (Function<Object[], Object>) a -> required.stream().map(all::get).toArray(Feature[]::new));
        answers.put("installFeatures", (Function<Object[], Object>) a -> {
            calls.add("install " + a[0]);
            ((Set<?>) a[0]).forEach(n -> required.add(String.valueOf(n)));
            return null;
        });
        answers.put("uninstallFeature", (Function<Object[], Object>) a -> {
            calls.add("uninstall " + a[0] + " " + a[1]);
            required.remove(a[0]);
            return null;
        });
        return Fakes.proxy(FeaturesService.class, answers);
    }

    @Test
    void aFeatureInstalledByNameIsLeftAlone() throws Exception {
        feature("quiver-nullio", true, "quiver-sbc");
        required.add("quiver-nullio");
        assertEquals("", FeatureUnpinning.unpin(service(), "quiver-nullio"));
        assertEquals(List.of(), calls);
    }

    @Test
    void anUmbrellaIsReplacedByItsPartsAndThePartIsThenRequired() throws Exception {
        feature("quiver-sbc", true);
        feature("quiver-nullio", true, "quiver-sbc");
        feature("quiver-fileio", true, "quiver-sbc");
        feature("quiver", false, "quiver-fileio", "quiver-nullio");
        required.add("quiver");
        FeaturesService features = service();
        String note = FeatureUnpinning.unpin(features, "quiver-nullio");
        assertEquals(List.of("install [quiver-fileio, quiver-nullio]", "uninstall quiver 0.1.0"), calls);
        assertTrue(note.contains("umbrella feature quiver was replaced by its parts"), note);
        assertEquals(Set.of("quiver-fileio", "quiver-nullio"), required);
    }

    @Test
    void aFeatureWithBundlesThatRequiresItIsNamedAndNothingChanges() throws Exception {
        feature("quiver-sbc", true);
        feature("quiver-nullio", true, "quiver-sbc");
        feature("my-appliance", true, "quiver-nullio");
        required.add("my-appliance");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> FeatureUnpinning.unpin(service(), "quiver-nullio"));
        assertEquals("quiver-nullio is required by the installed feature(s) my-appliance; Karaf removes it only with them"
                + " (feature:uninstall my-appliance)", e.getMessage());
        assertEquals(List.of(), calls);
    }

    @Test
    void aFeatureThatIsNotInstalledIsRefusedByName() {
        feature("quiver-cdrom", true);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> FeatureUnpinning.unpin(service(), "quiver-cdrom"));
        assertEquals("quiver-cdrom is not installed", e.getMessage());
    }
}
