package io.quiver.transport.iscsi.impl.config;

import io.quiver.transport.iscsi.impl.login.AuthFailureLimiter;
import io.quiver.iscsi.login.ChapCredentials;
import io.quiver.iscsi.login.IscsiKey;
import io.quiver.transport.iscsi.impl.session.IscsiSession;
import io.quiver.transport.iscsi.impl.session.IscsiTarget;
import io.quiver.transport.iscsi.impl.session.SessionRegistry;
import io.quiver.transport.iscsi.impl.session.TargetDirectory;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The {@link TargetDirectory} of the iSCSI driver: its enabled targets (added and removed by
 * {@link IscsiTargetComponent}s through the driver), the portals it listens on, its sessions, and the login
 * policy every target inherits (discovery authentication, negotiation defaults, the failed-authentication
 * limit). Thread-safe and non-blocking: logins read it on event loops while DS threads change it.
 */
public final class TargetRegistry implements TargetDirectory {

    private final Map<String, IscsiTarget> targets = new ConcurrentHashMap<>();
    private final SessionRegistry sessions = new SessionRegistry();
    private final List<String> boundPortals = new CopyOnWriteArrayList<>();
    private volatile List<ChapCredentials> discoveryIncoming = List.of();
    private volatile ChapCredentials discoveryOutgoing;
    private volatile Map<IscsiKey, String> negotiationDefaults = Map.of();
    private volatile boolean balancesLogins;
    private volatile AuthFailureLimiter authFailures = new AuthFailureLimiter(5, 60, 60, System::nanoTime);

    /**
     * The parts of the configuration that apply to the next login at once: discovery authentication, the
     * negotiation defaults and the failed-authentication limit (whose counts start afresh).
     */
    void applyPolicy(DriverConfig config) {
        discovery(ChapCredentials.parse(config.discovery_IncomingUser()), outgoing(config.discovery_OutgoingUser()));
        negotiationDefaults = NegotiationValues.of(config, key -> true);
        balancesLogins = config.login__balance();
        authFailures = new AuthFailureLimiter(config.auth__failures(), config.auth__failure__window(),
                config.auth__backoff(), System::nanoTime);
    }

    /** Sets who discovery sessions authenticate as, and the driver's own credentials for mutual CHAP. */
    void discovery(List<ChapCredentials> incomingUsers, ChapCredentials outgoingUser) {
        discoveryIncoming = List.copyOf(incomingUsers);
        discoveryOutgoing = outgoingUser;
    }

    static ChapCredentials outgoing(String entry) {
        List<ChapCredentials> l = ChapCredentials.parse(new String[] {entry});
        return l.isEmpty() ? null : l.get(0);
    }

    void portalBound(String portal) {
        boundPortals.add(portal);
    }

    void portalsUnbound() {
        boundPortals.clear();
    }

    /** Adds or replaces an enabled target. */
    void putTarget(IscsiTarget target) {
        targets.put(target.name(), target);
    }

    /** Removes a target and asks its sessions to log out. */
    void removeTarget(String name, String reason) {
        IscsiTarget t = targets.remove(name);
        if (t != null) {
            for (IscsiSession s : t.sessions()) {
                s.close(reason);
            }
        }
    }

    /** Asks every session of every target to log out. */
    void closeSessions(String reason) {
        for (IscsiTarget t : targets.values()) {
            t.sessions().forEach(s -> s.close(reason));
        }
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
    public boolean balancesLogins() {
        return balancesLogins;
    }

    /** For tests: login balancing without a configuration. */
    public void balanceLogins(boolean on) {
        balancesLogins = on;
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
