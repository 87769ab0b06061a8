package io.quiver.transport.iscsi.impl.config;

import io.quiver.rdma.RdmaException;
import io.quiver.rdma.RdmaProvider;
import io.quiver.transport.iscsi.impl.iser.IserPortal;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The iSCSI driver's iSER portals (RFC 7145): one {@link IserPortal} (an RDMA CM listener) per entry of the
 * driver's {@code iser_portals} attribute, serving the driver's own targets, sessions and login policy, as
 * SCST's isert module serves iscsi-scst's targets on the same port 3260 and LIO's {@code enable_iser} turns a
 * network portal into an iSER one. A component of its own on the driver's PID so that the driver never needs
 * the RDMA API: it is satisfied only while an {@link RdmaProvider} with {@code rdma.provider=verbs} is
 * registered (feature {@code quiver-rdma}), and its class, the only one that loads {@code io.quiver.rdma}
 * (imported optionally), is never loaded otherwise. Declared disabled: the driver enables it only while
 * {@code iser_portals} lists a portal ({@link IscsiTargetDriver#ISER_COMPONENT}). Without a provider it stays
 * unsatisfied, {@code iser_portals} is not served and the driver serves TCP alone.
 *
 * <p>Thread-safety: DS calls activation, modification and deactivation one at a time, on its own threads
 * (they block while listeners open and close), never on an event loop; they are synchronized all the same.
 */
@Component(service = {}, enabled = false, configurationPid = IscsiTargetDriver.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
public final class IserPortals implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(IserPortals.class);

    private final IscsiTargetDriver driver;
    private final RdmaProvider provider;
    private final List<IserPortal> portals = new ArrayList<>();
    /** The {@link #key} of the configuration the portals were opened with. */
    private List<Object> opened;

    /** Opens the portals {@code config} lists on {@code provider}, serving {@code driver}'s targets. */
    @Activate
    public IserPortals(@Reference(name = "driver") IscsiTargetDriver driver,
            @Reference(name = "provider", target = "(" + RdmaProvider.PROVIDER_PROPERTY + "=verbs)") RdmaProvider provider,
            DriverConfig config) {
        this.driver = driver;
        this.provider = provider;
        open(config);
    }

    /**
     * A configuration change. One that leaves {@code iser_portals}, the connection timing and {@code event_loops}
     * as they were (another driver attribute, such as {@code iSNSServer}) leaves the iSER portals and their
     * connections alone; otherwise the portals are reopened, which disconnects their connections (an iSER portal's
     * connections run on its own event loops; initiators log in again).
     */
    @Modified
    public synchronized void modified(DriverConfig config) {
        if (key(config).equals(opened)) {
            return;
        }
        List<IserPortal> old = List.copyOf(portals);
        portals.clear();
        // The listeners close before the new ones bind the same address and port; their connections with them.
        old.forEach(IserPortal::close);
        open(config);
    }

    /** What the portals depend on: their addresses, the connection timing and the event loops. */
    private static List<Object> key(DriverConfig config) {
        return List.of(List.of(config.iser__portals()), config.login__timeout(), config.NopInInterval(),
                config.RspTimeout(), config.logout__timeout(), config.event__loops());
    }

    private synchronized void open(DriverConfig config) {
        opened = key(config);
        for (String portal : config.iser__portals()) {
            try {
                InetSocketAddress address = PortalServer.parse(portal);
                IserPortal opened = new IserPortal(provider, address, driver.registry(),
                        IscsiTargetDriver.settings(config), config.event__loops());
                portals.add(opened);
            } catch (RdmaException | RuntimeException e) {
                // As with TCP portals, one that cannot listen (no RDMA device on that address) keeps no other down.
                LOG.warn("cannot listen on iSER portal {}: {}", portal, e.toString());
            }
        }
    }

    /** The addresses the iSER portals listen on. */
    public synchronized List<InetSocketAddress> localAddresses() {
        return portals.stream().map(IserPortal::localAddress).toList();
    }

    /**
     * Stops listening and ends the iSER connections (DS: the provider or the driver went away, or the bundle
     * stops; the driver asks its sessions to log out when it stops itself).
     */
    @Deactivate
    @Override
    public synchronized void close() {
        portals.forEach(IserPortal::close);
        portals.clear();
    }
}
