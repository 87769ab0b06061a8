package io.quiver.handler.passthrough.impl;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.quiver.scsi.PeripheralDeviceType;
import io.quiver.spi.device.CommandDescriptor;
import io.quiver.spi.device.DeviceDescriptor;
import io.quiver.spi.device.DeviceTask;
import io.quiver.spi.device.ScsiDevice;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * One {@code dev_disk} device per factory configuration of {@value #PID}: a disk whose every command goes to
 * a {@link io.quiver.handler.passthrough.PassThroughBackend} (now {@code iscsi://host:port/iqn/lun}), registered as a
 * {@link ScsiDevice} once the real device answered (with its designators, serial number and commands)
 * named by {@code name}. Any change replaces the device (SCR deactivates and activates). The device never
 * blocks (threads 0): the backend is asynchronous. Called by SCR, one callback at a time.
 */
@Component(name = PassThroughDevice.PID, service = {}, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = PassThroughDevice.Config.class, factory = true)
public final class PassThroughDevice implements ScsiDevice {

    /** The factory PID whose configurations are dev_disk devices. */
    public static final String PID = "io.quiver.handler.passthrough.disk";

    /** A dev_disk device's attributes. */
    @ObjectClassDefinition(name = "Quiver dev_disk device",
            description = "A pass-through disk (SCST dev_disk): every command goes to a real device, here a remote iSCSI LUN.")
    public @interface Config {
        @AttributeDefinition(name = "name", description = "The device name, unique across handlers.")
        String name();

        @AttributeDefinition(name = "filename", description = "The backend: iscsi://host:port/iqn/lun.")
        String filename();

        @AttributeDefinition(name = "initiator_name", description = "The iSCSI name Quiver logs in to the backend with.")
        String initiator__name() default "iqn.2026-12.io.quiver:passthrough";

        @AttributeDefinition(name = "chap_user", description = "CHAP user name for the backend; empty: no CHAP.")
        String chap__user() default "";

        @AttributeDefinition(name = "chap_secret", type = AttributeType.PASSWORD,
                description = "CHAP secret for the backend; write-only, never shown.")
        String chap__secret() default "";

        @AttributeDefinition(name = "timeout", description = "Seconds a command may take on the backend before it fails"
                + " with ABORTED COMMAND and the backend connection is dropped and logged in again; commands whose"
                + " time grows with the LU (FORMAT UNIT, SANITIZE, VERIFY, WRITE SAME, UNMAP, SYNCHRONIZE CACHE,"
                + " EXTENDED COPY, START STOP UNIT) get at least an hour.")
        int timeout() default 30;

        @AttributeDefinition(name = "t10_vend_id", description = "T10 vendor identification, up to 8 characters.")
        String t10__vend__id() default "QUIVER";

        String webconsole_configurationFactory_nameHint() default "Device: {name}";
    }

    private final EventLoopGroup group;
    private final IscsiBackend backend;
    private final Config config;
    private volatile DeviceDescriptor descriptor;
    /** Guarded by {@code this}: the service, once the backend answered; whether SCR deactivated us. */
    private ServiceRegistration<ScsiDevice> registration;
    private boolean deactivated;

    @Activate
    public PassThroughDevice(BundleContext bundle, Config c) {
        this(c, new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory()), bundle);
    }

    private PassThroughDevice(Config c, EventLoopGroup group, BundleContext bundle) {
        this.group = group;
        this.config = c;
        this.backend = new IscsiBackend(group, c.initiator__name(), c.filename(), c.chap__user(), c.chap__secret(),
                c.timeout() * 1000L);
        this.descriptor = descriptor(c, backend.identity());
        // The device appears once the real device answered: its LU designators and serial number are the
        // device's (SCST's dev_disk attaches to devices that exist), which EXTENDED COPY and multipath rely on.
        // Registered off the event loop, since registering runs the core's service listeners.
        backend.identified().thenAcceptAsync(id -> {
            descriptor = descriptor(c, id);
            if (bundle != null) {
                register(bundle);
            }
        }, ForkJoinPool.commonPool());
    }

    private static DeviceDescriptor descriptor(Config c, BackendIdentity id) {
        DeviceDescriptor.Builder b = DeviceDescriptor.builder(c.name(), DevDiskHandler.NAME, PeripheralDeviceType.DIRECT_ACCESS_BLOCK)
                .vendorId(c.t10__vend__id()).threads(0);
        if (!id.designators().isEmpty()) {
            b.logicalUnitDesignators(id.designators());
        }
        if (id.unitSerialNumber() != null) {
            b.unitSerialNumber(id.unitSerialNumber());
        }
        return b.build();
    }

    private synchronized void register(BundleContext bundle) {
        if (deactivated || registration != null) {
            return;
        }
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(ScsiDevice.NAME_PROPERTY, config.name());
        props.put("quiver.handler.name", DevDiskHandler.NAME);
        registration = bundle.registerService(ScsiDevice.class, this, props);
    }

    @Override
    public DeviceDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public void execute(DeviceTask task) {
        backend.execute(task);
    }

    /** A LOGICAL UNIT RESET or hard reset of the pass-through LUN resets the real device as well. */
    @Override
    public void reset() {
        backend.reset();
    }

    /** The disk's own VPD pages (limits, characteristics, provisioning) come from the device. */
    @Override
    public List<Integer> vpdPages() {
        return List.of(0xB0, 0xB1, 0xB2);
    }

    @Override
    public void nexusLost(long nexusId) {
        backend.nexusLost(nexusId);
    }

    /** The real device's commands with their CDB usage data, as it reported them at the latest login. */
    @Override
    public List<CommandDescriptor> supportedCommands() {
        return backend.identity().commands();
    }

    @Deactivate
    void deactivate() {
        ServiceRegistration<ScsiDevice> r;
        synchronized (this) {
            deactivated = true;
            r = registration;
            registration = null;
        }
        if (r != null) {
            r.unregister();
        }
        backend.close();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS);
    }
}
