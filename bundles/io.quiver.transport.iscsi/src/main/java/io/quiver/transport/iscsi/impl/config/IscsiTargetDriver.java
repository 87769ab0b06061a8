package io.quiver.transport.iscsi.impl.config;

import io.quiver.spi.target.TargetDriver;
import io.quiver.transport.iscsi.impl.login.AuthFailureLimiter;
import io.quiver.transport.iscsi.impl.login.ChapCredentials;
import io.quiver.transport.iscsi.impl.login.IscsiKey;
import io.quiver.transport.iscsi.impl.session.ConnectionSettings;
import io.quiver.transport.iscsi.impl.session.Portals;
import io.quiver.transport.iscsi.impl.session.IscsiSession;
import io.quiver.transport.iscsi.impl.session.IscsiTarget;
import io.quiver.transport.iscsi.impl.session.SessionRegistry;
import io.quiver.transport.iscsi.impl.session.TargetDirectory;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.osgi.framework.BundleContext;
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
 * {@code iscsi}, protocol identifier 5; listens on its portals and is the {@link TargetDirectory} the logins
 * consult, with the negotiation defaults every target inherits and the failed-authentication limit. Targets are added by {@link IscsiTargetComponent}s. A configuration change rebinds the portals;
 * live connections stay. Thread-safe; activation, modification and deactivation block (binding, the stop
 * grace period) and run on DS threads, never on an event loop.
 */
@Component(name = IscsiTargetDriver.PID, service = {TargetDriver.class, IscsiTargetDriver.class},
        configurationPolicy = ConfigurationPolicy.OPTIONAL, property = TargetDriver.NAME_PROPERTY + "=iscsi")
@Designate(ocd = DriverConfig.class)
public final class IscsiTargetDriver implements TargetDriver, TargetDirectory {

    /** The driver's configuration PID. */
    public static final String PID = "io.quiver.transport.iscsi";
    /** Protocol identifier of iSCSI (SPC-4, table 362). */
    public static final int PROTOCOL_ISCSI = 5;

    /** How long {@link #stop()} waits for initiators to log out. */
    static final long STOP_GRACE_MILLIS = 3000;

    private static final Logger LOG = LoggerFactory.getLogger(IscsiTargetDriver.class);

    private final Map<String, IscsiTarget> targets = new ConcurrentHashMap<>();
    private final SessionRegistry sessions = new SessionRegistry();
    private final List<String> boundPortals = new CopyOnWriteArrayList<>();
    private volatile List<ChapCredentials> discoveryIncoming = List.of();
    private volatile ChapCredentials discoveryOutgoing;
    private volatile Map<IscsiKey, String> negotiationDefaults = Map.of();
    private volatile AuthFailureLimiter authFailures = new AuthFailureLimiter(5, 60, 60, System::nanoTime);
    private PortalServer server;

    @Activate
    void activate(BundleContext context, DriverConfig config) throws InterruptedException {
        start(portals(context, config), settings(config), ChapCredentials.parse(config.discovery_IncomingUser()),
                outgoing(config.discovery_OutgoingUser()), config.event__loops());
        applyPolicy(config);
    }

    /**
     * The parts of the configuration that apply to the next login at once: discovery authentication, the
     * negotiation defaults and the failed-authentication limit (whose counts start afresh).
     */
    public void applyPolicy(DriverConfig config) {
        discoveryIncoming = List.copyOf(ChapCredentials.parse(config.discovery_IncomingUser()));
        discoveryOutgoing = outgoing(config.discovery_OutgoingUser());
        negotiationDefaults = NegotiationValues.of(config, key -> true);
        authFailures = new AuthFailureLimiter(config.auth__failures(), config.auth__failure__window(),
                config.auth__backoff(), System::nanoTime);
    }

    /**
     * A configuration change: discovery authentication applies at once, portals are rebound and timing
     * applies to new connections; live sessions stay. {@code event_loops} applies at the next activation.
     */
    @Modified
    synchronized void modified(BundleContext context, DriverConfig config) throws InterruptedException {
        applyPolicy(config);
        if (server != null) {
            server.unbindAll();
            boundPortals.clear();
            bindAll(portals(context, config), settings(config));
        }
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

    static ChapCredentials outgoing(String entry) {
        List<ChapCredentials> l = ChapCredentials.parse(new String[] {entry});
        return l.isEmpty() ? null : l.get(0);
    }

    /** Starts listening on {@code portals}; used by activation and by tests. */
    public synchronized void start(List<String> portals, ConnectionSettings settings,
            List<ChapCredentials> discoveryIncomingUsers, ChapCredentials discoveryOutgoingUser, int eventLoops)
            throws InterruptedException {
        discoveryIncoming = List.copyOf(discoveryIncomingUsers);
        discoveryOutgoing = discoveryOutgoingUser;
        server = new PortalServer(eventLoops);
        bindAll(portals, settings);
    }

    private void bindAll(List<String> portals, ConnectionSettings settings) throws InterruptedException {
        for (String portal : portals) {
            try {
                InetSocketAddress bound = server.bind(portal, this, settings);
                boundPortals.add(Portals.format(bound));
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
        for (IscsiTarget t : targets.values()) {
            t.sessions().forEach(s -> s.close("Quiver iSCSI driver stopping"));
        }
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(STOP_GRACE_MILLIS);
        while (sessions.size() > 0 && System.nanoTime() < deadline) {
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
        boundPortals.clear();
    }

    /** Adds or replaces an enabled target. */
    public void putTarget(IscsiTarget target) {
        targets.put(target.name(), target);
    }

    /** Removes a target and asks its sessions to log out. */
    public void removeTarget(String name, String reason) {
        IscsiTarget t = targets.remove(name);
        if (t != null) {
            for (IscsiSession s : t.sessions()) {
                s.close(reason);
            }
        }
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

    @Override
    public IscsiTarget find(String name) {
        return targets.get(name);
    }

    @Override
    public Collection<IscsiTarget> targets() {
        return targets.values();
    }

    @Override
    public List<ChapCredentials> discoveryIncomingUsers() {
        return discoveryIncoming;
    }

    @Override
    public ChapCredentials discoveryOutgoingUser() {
        return discoveryOutgoing;
    }

    @Override
    public List<String> portals() {
        return boundPortals;
    }

    @Override
    public Map<IscsiKey, String> negotiationValues(IscsiTarget target) {
        return NegotiationValues.merge(negotiationDefaults, target == null ? Map.of() : target.negotiationValues());
    }

    @Override
    public AuthFailureLimiter authFailures() {
        return authFailures;
    }

    @Override
    public SessionRegistry sessions() {
        return sessions;
    }
}
