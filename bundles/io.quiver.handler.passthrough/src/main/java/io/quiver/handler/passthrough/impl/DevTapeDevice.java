package io.quiver.handler.passthrough.impl;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;

/** One {@code dev_tape} device per factory configuration of its PID: see {@link PassThroughDevice}. */
@Component(name = PassThroughType.TAPE_PID, service = {}, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = PassThroughDevice.Config.class, factory = true)
public final class DevTapeDevice extends PassThroughDevice {

    @Activate
    public DevTapeDevice(BundleContext bundle, Config c) {
        super(bundle, c, PassThroughType.TAPE);
    }
}
