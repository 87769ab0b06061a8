package io.quiver.core.impl;

import io.quiver.core.impl.lu.LogicalUnitServiceFactory;
import io.quiver.spi.cluster.ReservationStore;
import io.quiver.core.impl.target.TargetCore;
import io.quiver.spi.device.ScsiDevice;
import io.quiver.spi.target.ScsiTarget;
import io.quiver.spi.target.ScsiTargetCore;
import io.quiver.spi.target.TargetDriver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.Map;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The target core component (PID {@value #PID}): registers {@link ScsiTargetCore} and feeds the
 * {@link TargetCore} with the devices, LUN and initiator group configurations and logical-unit service
 * factories DS binds. Those may be bound before {@link #activate}; they are kept and handed over then.
 *
 * <p>Thread-safe: bind and unbind run on DS threads, serialised on this object; the core's data path
 * never takes this lock.
 */
@Component(name = CoreComponent.PID, service = {ScsiTargetCore.class, CoreComponent.class}, immediate = true)
@Designate(ocd = CoreComponent.Config.class)
public class CoreComponent implements ScsiTargetCore {

    public static final String PID = "io.quiver.core";

    private static final Logger LOG = LoggerFactory.getLogger(CoreComponent.class);

    @ObjectClassDefinition(name = "Quiver target core",
            description = "The SCSI target core: LUN maps, task sets, unit attentions, task management.")
    public @interface Config {

        @AttributeDefinition(name = "Data directory", required = false,
                description = "Where persistent logical-unit state (reservations, saved mode pages) is kept; "
                        + "empty means ${karaf.data}/quiver.")
        String data_dir() default "";

        @AttributeDefinition(name = "Queue depth", min = "1", max = "65535",
                description = "Commands one session (I_T nexus) may have in flight before TASK SET FULL.")
        int queue_depth() default 64;

        @AttributeDefinition(name = "Departure grace (ms)", min = "0",
                description = "How long the LUNs of a device whose handler went away answer BUSY before they vanish; "
                        + "a handler back within it (bundle:update, refresh) resumes them without failed I/O.")
        long departure_grace_ms() default 5000;

        @AttributeDefinition(name = "setup_id", required = false,
                description = "SCST's setup_id: a 32-bit number (decimal or 0x hex) the derived identities of devices "
                        + "(NAA designator, unit serial number, T10 device id) are made from, instead of this "
                        + "installation's random id. Give cluster nodes, or an SCST installation moving here, the same "
                        + "one; 0 or empty = the installation id. A change derives every device's identity again at once and tells "
                        + "initiators INQUIRY DATA HAS CHANGED; sessions stay.")
        // Two underscores: the property is setup_id (DS maps one underscore to a dot).
        String setup__id() default "";
    }

    private final Map<ScsiDevice, Boolean> devices = new LinkedHashMap<>();
    private final Map<LunConfiguration, Boolean> luns = new LinkedHashMap<>();
    private final Map<InitiatorGroupConfiguration, Boolean> groups = new LinkedHashMap<>();
    private final Map<LogicalUnitServiceFactory, Boolean> factories = new LinkedHashMap<>();
    private ReservationStore clusterStore;
    private TargetCore core;
    private String dataDirSetting;

    @Activate
    synchronized void activate(BundleContext context, Config config) {
        dataDirSetting = config.data_dir();
        core = new TargetCore(dataDirectory(context, config), config.queue_depth(), config.setup__id());
        core.clusterStore(clusterStore);
        core.departureGrace(config.departure_grace_ms());
        factories.keySet().forEach(core::addFactory);
        devices.keySet().forEach(this::attach);
        luns.keySet().forEach(l -> core.putLun(l.definition()));
        groups.keySet().forEach(g -> core.putGroup(g.definition()));
        LOG.info("Quiver target core started, data in {}, installation id {}{}", core.dataDirectory(),
                core.identitySeed().installationId(), core.identitySeed().setupId() == null ? ""
                        : String.format(", setup_id 0x%x", core.identitySeed().setupId()));
    }

    /**
     * Applies a changed configuration to the running core, so that drivers, targets, sessions and the
     * management services bound to this component stay (a restart of the component took all of them down
     * and back, and whatever used them meanwhile failed: an scst.conf apply that set setup_id and then
     * created a target did). Only a new data directory, where logical units keep their persistent state,
     * restarts the component.
     */
    @Modified
    synchronized void modified(ComponentContext context, Config config) {
        if (core == null) {
            return;
        }
        if (!config.data_dir().equals(dataDirSetting)) {
            LOG.info("data_dir changed to '{}': restarting the target core", config.data_dir());
            // Not from here: SCR's disable waits for this very modification to end (a deadlock, seen).
            Thread restart = new Thread(() -> {
                context.disableComponent(PID);
                context.enableComponent(PID);
            }, "quiver-core-restart");
            restart.setDaemon(true);
            restart.start();
            return;
        }
        core.sessionQueueDepth(config.queue_depth());
        core.departureGrace(config.departure_grace_ms());
        core.setupId(config.setup__id());
    }

    @Deactivate
    synchronized void deactivate() {
        core.close();
        core = null;
    }

    /** The running core, or {@code null} while the component is not active. */
    public synchronized TargetCore core() {
        return core;
    }

    @Override
    public ScsiTarget registerTarget(TargetDriver driver, String targetName, int relativeTargetPortId) {
        TargetCore c = core();
        if (c == null) {
            throw new IllegalStateException("target core is not active");
        }
        return c.registerTarget(driver, targetName, relativeTargetPortId);
    }

    static Path dataDirectory(BundleContext context, Config config) {
        try {
            if (!config.data_dir().isEmpty()) {
                return Files.createDirectories(Paths.get(config.data_dir()));
            }
            String karafData = context == null ? null : context.getProperty("karaf.data");
            if (karafData != null) {
                return Files.createDirectories(Paths.get(karafData, "quiver"));
            }
            return Files.createTempDirectory("quiver");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void attach(ScsiDevice device) {
        try {
            core.addDevice(device);
        } catch (RuntimeException e) {
            LOG.error("cannot attach device {}", device.descriptor().name(), e);
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    synchronized void bindDevice(ScsiDevice device) {
        devices.put(device, Boolean.TRUE);
        if (core != null) {
            attach(device);
        }
    }

    synchronized void unbindDevice(ScsiDevice device) {
        devices.remove(device);
        if (core != null) {
            core.removeDevice(device);
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, updated = "updatedLun")
    synchronized void bindLun(LunConfiguration lun) {
        luns.put(lun, Boolean.TRUE);
        if (core != null) {
            core.putLun(lun.definition());
        }
    }

    synchronized void updatedLun(LunConfiguration lun) {
        if (core != null) {
            core.putLun(lun.definition());
        }
    }

    synchronized void unbindLun(LunConfiguration lun) {
        luns.remove(lun);
        if (core != null) {
            core.removeLun(lun.definition().id());
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, updated = "updatedGroup")
    synchronized void bindGroup(InitiatorGroupConfiguration group) {
        groups.put(group, Boolean.TRUE);
        if (core != null) {
            core.putGroup(group.definition());
        }
    }

    synchronized void updatedGroup(InitiatorGroupConfiguration group) {
        if (core != null) {
            core.putGroup(group.definition());
        }
    }

    synchronized void unbindGroup(InitiatorGroupConfiguration group) {
        groups.remove(group);
        if (core != null) {
            core.removeGroup(group.definition().id());
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    synchronized void bindFactory(LogicalUnitServiceFactory factory) {
        factories.put(factory, Boolean.TRUE);
        if (core != null) {
            core.addFactory(factory);
        }
    }

    synchronized void unbindFactory(LogicalUnitServiceFactory factory) {
        factories.remove(factory);
        if (core != null) {
            core.removeFactory(factory);
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    synchronized void bindClusterStore(ReservationStore store) {
        clusterStore = store;
        if (core != null) {
            core.clusterStore(store);
        }
    }

    synchronized void unbindClusterStore(ReservationStore store) {
        if (clusterStore == store) {
            clusterStore = null;
            if (core != null) {
                core.clusterStore(null);
            }
        }
    }
}
