package io.quiver.transport.iscsi.impl.config;

import io.quiver.spi.target.TargetDriver;
import io.quiver.iscsi.login.ChapCredentials;
import io.quiver.transport.iscsi.impl.session.ConnectionSettings;
import io.quiver.transport.iscsi.impl.session.IscsiTarget;
import io.quiver.transport.iscsi.impl.session.Portals;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The iSCSI target driver (SCST's iscsi template): registered as the {@link TargetDriver} named
 * {@code iscsi}, protocol identifier 5; listens on its portals, serving logins from its
 * {@link TargetRegistry}, to which {@link IscsiTargetComponent}s add targets. A configuration change
 * rebinds the portals; live connections stay. Thread-safe; activation, modification and deactivation block
 * (binding, the stop grace period) and run on DS threads, never on an event loop.
 */
@Component(name = IscsiTargetDriver.PID, service = {TargetDriver.class, IscsiTargetDriver.class},
        configurationPolicy = ConfigurationPolicy.OPTIONAL, property = TargetDriver.NAME_PROPERTY + "=iscsi")
@Designate(ocd = DriverConfig.class)
public final class IscsiTargetDriver implements TargetDriver {

    /** The driver's configuration PID. */
    public static final String PID = "io.quiver.transport.iscsi";
    /** Protocol identifier of iSCSI (SPC-4, table 362). */
    public static final int PROTOCOL_ISCSI = 5;

    /** How long {@link #stop()} waits for initiators to log out. */
    static final long STOP_GRACE_MILLIS = 3000;

    private static final Logger LOG = LoggerFactory.getLogger(IscsiTargetDriver.class);

    private final TargetRegistry registry = new TargetRegistry();
    private PortalServer server;
    private final DriverIsns isns = new DriverIsns(registry);

    /**
     * The iSER portals' component ({@link IserPortals}, declared disabled) is enabled only while {@code iser_portals}
     * lists a portal: a node that serves no iSER has no component waiting for an RDMA provider it will never get
     * (the distributions' every-component-satisfied check), and one that asked for iSER without an RDMA provider
     * shows an unsatisfied component, which is the truth. A string, not the class literal, so that nothing loads
     * the class of the optional io.quiver.rdma import here.
     */
    static final String ISER_COMPONENT = "io.quiver.transport.iscsi.impl.config.IserPortals";

    @Activate
    void activateComponent(ComponentContext component, BundleContext context, DriverConfig config)
            throws InterruptedException {
        activate(context, config);
        iserComponent(component, config);
    }

    @Modified
    void modifiedComponent(ComponentContext component, BundleContext context, DriverConfig config)
            throws InterruptedException {
        modified(context, config);
        iserComponent(component, config);
    }

    private static void iserComponent(ComponentContext component, DriverConfig config) {
        if (config.iser__portals().length > 0) {
            component.enableComponent(ISER_COMPONENT);
        } else {
            component.disableComponent(ISER_COMPONENT);
        }
    }

    void activate(BundleContext context, DriverConfig config) throws InterruptedException {
        start(portals(context, config), settings(config), ChapCredentials.parse(config.discovery_IncomingUser()),
                TargetRegistry.outgoing(config.discovery_OutgoingUser()), config.event__loops(), config.busy__poll(),
                config.busy__poll__usecs());
        applyPolicy(config);
        isns.apply(config);
    }

    /** What logins consult: targets, portals, sessions and the login policy. */
    public TargetRegistry registry() {
        return registry;
    }

    /** Applies discovery authentication, negotiation defaults and the failure limit to the next login. */
    public void applyPolicy(DriverConfig config) {
        registry.applyPolicy(config);
    }

    /**
     * A configuration change: discovery authentication applies at once, portals are rebound and timing
     * applies to new connections; live sessions stay. {@code event_loops} applies at the next activation.
     */
    synchronized void modified(BundleContext context, DriverConfig config) throws InterruptedException {
        applyPolicy(config);
        if (server != null) {
            server.unbindAll();
            registry.portalsUnbound();
            bindAll(portals(context, config), settings(config));
        }
        isns.apply(config);
        isns.changed();
    }

    private static List<String> portals(BundleContext context, DriverConfig config) {
        List<String> portals = new ArrayList<>(List.of(config.portals()));
        if (portals.isEmpty()) {
            String address = property(context, "quiver.bind.address", "127.0.0.1");
            String port = property(context, "quiver.iscsi.port", "3260");
            portals.add((address.indexOf(':') >= 0 ? "[" + address + "]" : address) + ":" + port);
        }
        return portals;
    }

    private static String property(BundleContext context, String key, String def) {
        String v = context == null ? null : context.getProperty(key);
        return v == null || v.isBlank() ? def : v.trim();
    }

    static ConnectionSettings settings(DriverConfig c) {
        return new ConnectionSettings(c.login__timeout(), c.NopInInterval(), c.RspTimeout(), c.logout__timeout());
    }

    /** Starts listening on {@code portals} with event loops that sleep when idle; used by tests. */
    public void start(List<String> portals, ConnectionSettings settings,
            List<ChapCredentials> discoveryIncomingUsers, ChapCredentials discoveryOutgoingUser, int eventLoops)
            throws InterruptedException {
        start(portals, settings, discoveryIncomingUsers, discoveryOutgoingUser, eventLoops, false);
    }

    /** Starts listening on {@code portals}, with busy-polling event loops if {@code busyPoll}. */
    public synchronized void start(List<String> portals, ConnectionSettings settings,
            List<ChapCredentials> discoveryIncomingUsers, ChapCredentials discoveryOutgoingUser, int eventLoops,
            boolean busyPoll) throws InterruptedException {
        start(portals, settings, discoveryIncomingUsers, discoveryOutgoingUser, eventLoops, busyPoll, 0);
    }

    /**
     * Starts listening on {@code portals}, with busy-polling event loops if {@code busyPoll}, else loops that
     * poll {@code busyPollUsecs} after their last I/O before they sleep (0: they sleep at once).
     */
    public synchronized void start(List<String> portals, ConnectionSettings settings,
            List<ChapCredentials> discoveryIncomingUsers, ChapCredentials discoveryOutgoingUser, int eventLoops,
            boolean busyPoll, int busyPollUsecs) throws InterruptedException {
        registry.discovery(discoveryIncomingUsers, discoveryOutgoingUser);
        server = new PortalServer(eventLoops, busyPoll, busyPollUsecs);
        bindAll(portals, settings);
    }

    private void bindAll(List<String> portals, ConnectionSettings settings) throws InterruptedException {
        for (String portal : portals) {
            try {
                InetSocketAddress bound = server.bind(portal, registry, settings);
                registry.portalBound(Portals.format(bound));
                LOG.info("iSCSI portal {} listening", Portals.format(bound));
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                // One bad portal (address not local, port taken) must not keep the others down.
                LOG.error("cannot listen on iSCSI portal {}: {}", portal, e.toString());
            }
        }
    }

    /**
     * Asks every initiator to log out (Asynchronous Message), gives them up to {@link #STOP_GRACE_MILLIS} to
     * do so, then stops listening and closes the remaining connections.
     */
    @Deactivate
    public synchronized void stop() {
        // Gone from the name server before the portals close, so no initiator is sent to them.
        isns.stop();
        registry.closeSessions("Quiver iSCSI driver stopping");
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(STOP_GRACE_MILLIS);
        while (registry.sessions().size() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (server != null) {
            server.shutdown();
            server = null;
        }
        registry.portalsUnbound();
    }

    /** Adds or replaces an enabled target. */
    public void putTarget(IscsiTarget target) {
        registry.putTarget(target);
        isns.changed();
    }

    /** Removes a target and asks its sessions to log out. */
    public void removeTarget(String name, String reason) {
        registry.removeTarget(name, reason);
        isns.changed();
    }

    @Override
    public String name() {
        return "iscsi";
    }

    @Override
    public int protocolIdentifier() {
        return PROTOCOL_ISCSI;
    }

    @Override
    public String targetFactoryPid() {
        return IscsiTargetComponent.FACTORY_PID;
    }

    /** The driver-level attributes ({@link DriverConfig}: portals, iSNSServer, ...) on {@code /targets/iscsi}. */
    @Override
    public String configurationPid() {
        return PID;
    }
}
