package io.quiver.handler.passthrough.impl;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;

/** One {@code dev_disk} device per factory configuration of its PID: see {@link PassThroughDevice}. */
@Component(name = PassThroughType.DISK_PID, service = {}, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = PassThroughDevice.Config.class, factory = true)
public final class DevDiskDevice extends PassThroughDevice {

    @Activate
    public DevDiskDevice(BundleContext bundle, Config c) {
        super(bundle, c, PassThroughType.DISK);
    }
}
