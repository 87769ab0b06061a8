package io.quiver.handler.passthrough.impl;

import io.quiver.spi.device.DeviceHandler;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * Registers SCST's pass-through handlers ({@link PassThroughType}: {@code dev_disk}, {@code dev_tape},
 * {@code dev_cdrom}, {@code dev_changer}, {@code dev_processor}, {@code dev_raid}) as {@link DeviceHandler} services,
 * so the management views list them and know where each one's devices are created. Called by SCR, one callback
 * at a time.
 */
@Component(service = {})
public final class PassThroughHandlers {

    private final List<ServiceRegistration<DeviceHandler>> registrations = new ArrayList<>();

    @Activate
    public PassThroughHandlers(BundleContext bundle) {
        for (PassThroughType t : PassThroughType.values()) {
            Hashtable<String, Object> props = new Hashtable<>();
            props.put("quiver.handler.name", t.handlerName());
            registrations.add(bundle.registerService(DeviceHandler.class, new Handler(t), props));
        }
    }

    @Deactivate
    void deactivate() {
        registrations.forEach(ServiceRegistration::unregister);
        registrations.clear();
    }

    /** One handler as the management views see it. Immutable. */
    record Handler(PassThroughType type) implements DeviceHandler {

        @Override
        public String name() {
            return type.handlerName();
        }

        @Override
        public String deviceFactoryPid() {
            return type.pid();
        }
    }
}
