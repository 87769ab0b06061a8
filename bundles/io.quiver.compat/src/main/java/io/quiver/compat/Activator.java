package io.quiver.compat;

import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.hooks.weaving.WeavingHook;

/**
 * Registers the {@link SubjectWeaver} as an OSGi weaving hook.
 *
 * <p>A bundle activator rather than a Declarative Services component, on purpose: a weaving hook only
 * sees classes defined after it is registered, so it must be up before Karaf's shell, SSH and JAAS
 * bundles load their first class. The feature starts this bundle at start level 10, before SCR and
 * before those bundles (level 30); a DS component would wait for SCR.
 *
 * <p>Threading: called by the framework on its start-level thread.
 */
public final class Activator implements BundleActivator {

    private ServiceRegistration<WeavingHook> registration;

    @Override
    public void start(BundleContext context) {
        registration = context.registerService(WeavingHook.class, new SubjectWeaver(), null);
    }

    @Override
    public void stop(BundleContext context) {
        if (registration != null) {
            registration.unregister();
            registration = null;
        }
    }
}
