package io.quiver.handler.passthrough.impl;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.quiver.spi.device.CommandDescriptor;
import io.quiver.spi.device.DeviceContext;
import io.quiver.spi.device.DeviceDescriptor;
import io.quiver.spi.device.DeviceTask;
import io.quiver.spi.device.ScsiDevice;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A pass-through device of one of SCST's dev handlers ({@link PassThroughType}; each has its own component class
 * and factory PID, whose configurations are its devices): a device whose every command goes to a
 * {@link io.quiver.handler.passthrough.PassThroughBackend} (a SCSI device of this host through SG_IO,
 * {@link SgIoBackend}, or a remote LUN {@code iscsi://host:port/iqn/lun}, {@link IscsiBackend}), registered as a
 * {@link ScsiDevice} once the real device answered (with its peripheral device type, removable medium bit, VPD
 * pages, designators, serial number and commands) named by {@code name}. A real device of another type than the
 * handler's is not attached (logged as an error), as SCST's handlers attach only to their type. Any change
 * replaces the device (SCR deactivates and activates). The device never blocks (threads 0): the backend is
 * asynchronous. What the real device reports about itself reaches every nexus ({@link DeviceChanges}). Called by
 * SCR, one callback at a time.
 */
public class PassThroughDevice implements ScsiDevice {

    /** A pass-through device's attributes (every dev handler has the same). */
    @ObjectClassDefinition(name = "Quiver pass-through device",
            description = "A pass-through device (SCST dev_disk, dev_tape, dev_cdrom, dev_changer, dev_processor, dev_raid):"
                    + " every command goes to a real device of the handler's type: a SCSI device of this host through"
                    + " SG_IO (named by its H:C:I:L address, as in SCST, or by filename /dev/sgN) or a remote iSCSI LUN.")
    public @interface Config {
        @AttributeDefinition(name = "name", description = "The device name, unique across handlers.")
        String name();

        @AttributeDefinition(name = "filename", description = "The backend: iscsi://host:port/iqn/lun, or /dev/sgN;"
                + " empty: the SCSI device of this host whose H:C:I:L address is the device name (SCST's DEVICE 1:0:0:0).")
        String filename() default "";

        @AttributeDefinition(name = "threads_num", description = "Threads that run a local device's SG_IO commands,"
                + " each blocking until the device answers: the most commands in flight on the device (not used for"
                + " iSCSI backends, which are asynchronous).")
        int threads__num() default 4;

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

    private static final Logger LOG = LoggerFactory.getLogger(PassThroughDevice.class);

    /** The iSCSI backend's event loop; {@code null} for a local device. */
    private final EventLoopGroup group;
    private final ForwardingBackend backend;
    private final Config config;
    private final PassThroughType type;
    private volatile DeviceDescriptor descriptor;
    /** Guarded by {@code this}: the service, once the backend answered; whether SCR deactivated us. */
    private ServiceRegistration<ScsiDevice> registration;
    private boolean deactivated;

    /** A device of {@code type}'s handler; registered with {@code bundle} (if not {@code null}) once the device answered. */
    protected PassThroughDevice(BundleContext bundle, Config c, PassThroughType type) {
        this.config = c;
        this.type = type;
        if (c.filename().startsWith("iscsi:")) {
            this.group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
            this.backend = new IscsiBackend(group, c.initiator__name(), c.filename(), c.chap__user(), c.chap__secret(),
                    c.timeout() * 1000L, type.deviceType());
        } else {
            this.group = null;
            this.backend = new SgIoBackend(c.name(), c.filename(), c.threads__num(), c.timeout() * 1000L, type.deviceType());
        }
        this.descriptor = descriptor(c, type, backend.identity());
        // The device appears once the real device answered: its LU designators and serial number are the
        // device's (SCST's dev_disk attaches to devices that exist), which EXTENDED COPY and multipath rely on.
        // Registered off the event loop, since registering runs the core's service listeners.
        backend.identified().thenAcceptAsync(id -> {
            if (id.type() != type.deviceType()) {
                LOG.error("{} device {}: {} is a {} device (peripheral device type {}h), not a {} one: not attached",
                        type.handlerName(), c.name(), c.filename(), id.type(), Integer.toHexString(id.type().code()),
                        type.deviceType());
                return;
            }
            descriptor = descriptor(c, type, id);
            if (bundle != null) {
                register(bundle);
            }
        }, ForkJoinPool.commonPool()).exceptionally(e -> {
            LOG.error("{} device {}: {} cannot be attached", type.handlerName(), c.name(), c.filename(), e);
            return null;
        });
    }

    private static DeviceDescriptor descriptor(Config c, PassThroughType type, BackendIdentity id) {
        DeviceDescriptor.Builder b = DeviceDescriptor.builder(c.name(), type.handlerName(), type.deviceType())
                .vendorId(c.t10__vend__id()).removable(id.removable()).threads(0);
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
        props.put("quiver.handler.name", type.handlerName());
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

    /** The core's context: what the real device reports about itself reaches every nexus through it. */
    @Override
    public void attach(DeviceContext context) {
        backend.changes().context(context);
    }

    @Override
    public void detach() {
        backend.changes().context(null);
    }

    /** A LOGICAL UNIT RESET or hard reset of the pass-through LUN resets the real device as well. */
    @Override
    public void reset() {
        backend.reset();
    }

    /** The device's own VPD pages (limits, characteristics, provisioning, ...): those it lists in VPD 00h. */
    @Override
    public List<Integer> vpdPages() {
        return backend.identity().vpdPages();
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

    /** SCR's deactivation of the concrete component (protected, so SCR finds it from the subclass). */
    @Deactivate
    protected void deactivate() {
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
        if (group != null) {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        }
    }
}
