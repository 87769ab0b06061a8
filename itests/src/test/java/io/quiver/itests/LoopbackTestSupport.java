package io.quiver.itests;

import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Hashtable;
import java.util.List;
import javax.inject.Inject;
import org.apache.karaf.features.FeaturesService;
import org.junit.After;
import org.junit.Before;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Pax Exam set-up for the ITs that drive the core through the in-process loopback transport: installs
 * the {@code quiver-local} feature from the distribution's system repository before each test, creates
 * devices, LUNs and groups as ConfigAdmin factory configurations, and deletes them after the test.
 *
 * <p>No field or method signature here (nor in subclasses) may name a loopback type: JUnit and Pax Exam
 * reflect over them before the feature is installed. Test bodies use them, through {@link Loopback}.
 * One test thread.
 */
public abstract class LoopbackTestSupport extends QuiverTestSupport {

    /** The core's factory PIDs of LUNs and initiator groups, and the handlers' of devices. */
    protected static final String LUN = "io.quiver.core.lun";
    protected static final String GROUP = "io.quiver.core.group";
    protected static final String RAMDISK = "io.quiver.handler.ramdisk";
    protected static final String FILEIO = "io.quiver.handler.fileio";
    protected static final String NULLIO = "io.quiver.handler.nullio";

    @Inject
    protected ConfigurationAdmin configurationAdmin;

    @Inject
    protected FeaturesService featuresService;

    private final List<Configuration> created = new ArrayList<>();

    @Before
    public void installLoopbackTransport() throws Exception {
        if (!featuresService.isInstalled(featuresService.getFeature("quiver-local"))) {
            // No refresh: a refresh could restart the probe bundle under the running test.
            featuresService.installFeature("quiver-local", EnumSet.of(FeaturesService.Option.NoAutoRefreshBundles));
        }
    }

    @After
    public void deleteConfigurations() throws IOException {
        for (int i = created.size() - 1; i >= 0; i--) {
            try {
                created.get(i).delete();
            } catch (IllegalStateException alreadyDeleted) {
                // the test deleted it
            }
        }
        created.clear();
    }

    /** Creates (or replaces) the factory configuration {@code factoryPid~name}, deleted after the test. */
    protected Configuration configure(String factoryPid, String name, Object... keysAndValues) throws IOException {
        Hashtable<String, Object> properties = new Hashtable<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            properties.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        Configuration c = configurationAdmin.getFactoryConfiguration(factoryPid, name, "?");
        c.update(properties);
        created.add(c);
        return c;
    }

    /** A LUN of {@code target}'s default LUN set ({@code group} empty) or of one of its groups. */
    protected Configuration lun(String target, String group, int lun, String device) throws IOException {
        return configure(LUN, target.replaceAll("[^A-Za-z0-9]", "_") + "-" + group + "-" + lun,
                "target", target, "lun", lun, "device", device, "group", group);
    }

    /** A ramdisk of {@code size} bytes. */
    protected Configuration ramdisk(String name, long size) throws IOException {
        return configure(RAMDISK, name, "name", name, "size", size);
    }
}
