package io.quiver.core.impl.target;

import io.quiver.core.impl.stats.IoStatistics;
import io.quiver.spi.target.InitiatorPort;
import io.quiver.spi.target.ScsiTarget;
import io.quiver.spi.target.Session;
import io.quiver.spi.target.SessionTransport;
import io.quiver.spi.target.TargetDriver;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A registered target port: its driver, name, relative target port identifier, open sessions and
 * statistics. Thread-safe.
 */
public final class CoreTarget implements ScsiTarget {

    private final TargetCore core;
    private final TargetDriver driver;
    private final String name;
    private final int requestedPortId;
    private volatile int relativeTargetPortId;
    private final Map<Long, CoreSession> sessions = new ConcurrentHashMap<>();
    private final IoStatistics statistics = new IoStatistics();
    private volatile boolean unregistered;

    CoreTarget(TargetCore core, TargetDriver driver, String name, int requestedPortId, int relativeTargetPortId) {
        this.core = core;
        this.driver = driver;
        this.name = name;
        this.requestedPortId = requestedPortId;
        this.relativeTargetPortId = relativeTargetPortId;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int relativeTargetPortId() {
        return relativeTargetPortId;
    }

    /** The id the driver asked for: 0 if it let the core (or the cluster) choose. */
    int requestedPortId() {
        return requestedPortId;
    }

    /** The cluster allocated another id for this port (see {@link ClusterTargetPorts}). */
    void relativeTargetPortId(int id) {
        relativeTargetPortId = id;
    }

    public TargetDriver driver() {
        return driver;
    }

    TargetCore core() {
        return core;
    }

    public IoStatistics statistics() {
        return statistics;
    }

    public Collection<CoreSession> sessions() {
        return List.copyOf(sessions.values());
    }

    @Override
    public Session openSession(InitiatorPort initiator, SessionTransport transport) {
        if (unregistered) {
            throw new IllegalStateException("target unregistered: " + name);
        }
        CoreSession s = new CoreSession(this, core.nextNexusId(), initiator, transport, core.sessionQueueDepth());
        sessions.put(s.id(), s);
        s.updateLunMap(core.lunMap(name, initiator.name()));
        // A new I_T nexus starts as after a power on (SAM-5 6.3.1), as SCST does for new sessions.
        s.raiseOnAllLuns(io.quiver.scsi.AdditionalSense.POWER_ON_RESET_OR_BUS_DEVICE_RESET_OCCURRED);
        return s;
    }

    @Override
    public boolean admits(String initiatorName) {
        return core.admits(name, initiatorName);
    }

    void sessionClosed(CoreSession s) {
        sessions.remove(s.id(), s);
    }

    @Override
    public void unregister() {
        if (unregistered) {
            return;
        }
        unregistered = true;
        core.unregistered(this);
        for (CoreSession s : sessions()) {
            s.requestClose("target " + name + " unregistered");
        }
    }
}
