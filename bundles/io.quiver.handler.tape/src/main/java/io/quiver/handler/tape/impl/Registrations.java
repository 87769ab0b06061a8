package io.quiver.handler.tape.impl;

import io.quiver.spi.device.ScsiDevice;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/**
 * The {@link ScsiDevice} services one component registers (a drive; a changer and its drives), each with
 * {@value ScsiDevice#NAME_PROPERTY} and {@code quiver.handler.name} from its descriptor. Used by one
 * component under its own lock.
 */
final class Registrations {

    private final List<ServiceRegistration<ScsiDevice>> live = new ArrayList<>();

    void register(BundleContext context, ScsiDevice device) {
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(ScsiDevice.NAME_PROPERTY, device.descriptor().name());
        props.put("quiver.handler.name", device.descriptor().handlerName());
        live.add(context.registerService(ScsiDevice.class, device, props));
    }

    void unregisterAll() {
        for (ServiceRegistration<ScsiDevice> r : live) {
            try {
                r.unregister();
            } catch (IllegalStateException alreadyGone) {
                // unregistered by the framework when the bundle stopped
            }
        }
        live.clear();
    }
}
