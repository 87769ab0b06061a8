package io.quiver.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.CoreOptions.vmOption;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureConsole;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.karafDistributionConfiguration;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.logLevel;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.inject.Inject;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.karaf.options.LogLevelOption.LogLevel;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

/**
 * Shared Pax Exam set-up for the ITs: boots a built Quiver distribution (by file path, so {@code mvn verify}
 * needs no {@code install}) with every listening port moved off its default, and the checks every
 * distribution must pass. Runs inside the Karaf container (the probe); one test thread.
 */
public abstract class QuiverTestSupport {

    /** Ports used by ITs, so a Quiver started from the README on this machine does not collide. */
    public static final int HTTP_PORT = 18181;
    public static final int SSH_PORT = 18101;
    public static final int ISCSI_PORT = 13260;

    @Inject
    protected BundleContext bundleContext;

    /** The options for a distribution tarball named by a system property the failsafe plugin sets. */
    protected static Option[] distribution(String distributionProperty, String name) {
        File tarball = new File(System.getProperty(distributionProperty));
        List<Option> options = new ArrayList<>(List.of(
                karafDistributionConfiguration()
                        .frameworkUrl(tarball.toURI().toString())
                        .name(name)
                        .unpackDirectory(new File("target/exam"))
                        .useDeployFolder(false),
                configureConsole().ignoreLocalConsole(),
                logLevel(LogLevel.WARN),
                systemProperty("quiver.it").value("true"),
                // as bin/setenv: io.quiver.linux calls Linux through FFM without the JVM's warning
                vmOption("--enable-native-access=ALL-UNNAMED"),
                editConfigurationFilePut("etc/system.properties", "quiver.http.port", String.valueOf(HTTP_PORT)),
                editConfigurationFilePut("etc/system.properties", "quiver.ssh.port", String.valueOf(SSH_PORT)),
                editConfigurationFilePut("etc/system.properties", "quiver.iscsi.port", String.valueOf(ISCSI_PORT)),
                editConfigurationFilePut("etc/system.properties", "quiver.rmi.registry.port", "11099"),
                editConfigurationFilePut("etc/system.properties", "quiver.rmi.server.port", "44445")));
        return options.toArray(new Option[0]);
    }

    /** Fails with the list of every non-fragment bundle that is not ACTIVE, waiting up to 60 s for boot. */
    protected void assertAllBundlesActive() throws InterruptedException {
        List<String> notActive = List.of();
        for (long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60); System.nanoTime() < deadline;) {
            notActive = java.util.Arrays.stream(bundleContext.getBundles())
                    .filter(b -> b.getHeaders().get(Constants.FRAGMENT_HOST) == null)
                    .filter(b -> b.getState() != Bundle.ACTIVE)
                    .map(b -> b.getSymbolicName() + " " + b.getVersion() + " state " + b.getState())
                    .collect(Collectors.toList());
            if (notActive.isEmpty()) {
                return;
            }
            Thread.sleep(250);
        }
        assertEquals("bundles not ACTIVE", List.of(), notActive);
    }

    /**
     * Fails with every DS component configuration that is not ACTIVE or SATISFIED (unsatisfied
     * reference or configuration, failed activation). Components that need a configuration nobody made
     * have no configuration and are not counted.
     */
    protected void assertAllComponentsSatisfied() throws InterruptedException {
        ServiceComponentRuntime scr = service(ServiceComponentRuntime.class);
        List<String> broken = List.of();
        for (long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30); System.nanoTime() < deadline;) {
            broken = new ArrayList<>();
            for (ComponentDescriptionDTO description : scr.getComponentDescriptionDTOs()) {
                for (ComponentConfigurationDTO c : scr.getComponentConfigurationDTOs(description)) {
                    if (c.state != ComponentConfigurationDTO.ACTIVE && c.state != ComponentConfigurationDTO.SATISFIED) {
                        broken.add(description.name + " (" + description.bundle.symbolicName + ") state " + c.state
                                + (c.failure != null ? ": " + c.failure : ""));
                    }
                }
            }
            if (broken.isEmpty()) {
                return;
            }
            Thread.sleep(250);
        }
        assertEquals("DS components not satisfied", List.of(), broken);
    }

    /** The bundle with this symbolic name; fails if it is not installed. */
    protected Bundle bundle(String symbolicName) {
        for (Bundle b : bundleContext.getBundles()) {
            if (symbolicName.equals(b.getSymbolicName())) {
                return b;
            }
        }
        throw new AssertionError("bundle not installed: " + symbolicName);
    }

    protected boolean isInstalled(String symbolicName) {
        return java.util.Arrays.stream(bundleContext.getBundles()).anyMatch(b -> symbolicName.equals(b.getSymbolicName()));
    }

    /** A service, waiting up to 30 s for it. */
    protected <T> T service(Class<T> type) throws InterruptedException {
        for (long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30); System.nanoTime() < deadline;) {
            var ref = bundleContext.getServiceReference(type);
            if (ref != null) {
                T s = bundleContext.getService(ref);
                if (s != null) {
                    return s;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no service " + type.getName());
    }

    protected static void assertContains(String what, String haystack, String needle) {
        assertTrue(what + ": expected to contain '" + needle + "' but was: " + haystack, haystack.contains(needle));
    }
}
