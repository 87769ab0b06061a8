package io.quiver.transport.iscsi.impl.session;

import io.quiver.transport.iscsi.impl.login.AuthFailureLimiter;
import io.quiver.iscsi.login.ChapCredentials;
import io.quiver.iscsi.login.IscsiKey;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * What logins and discovery look up: the enabled targets, discovery authentication and the portals. Implemented
 * by the driver component; thread-safe, non-blocking.
 */
public interface TargetDirectory {

    /** The enabled target of that name, or {@code null}. */
    IscsiTarget find(String name);

    /** Every enabled target. */
    Collection<IscsiTarget> targets();

    /** CHAP users discovery sessions must authenticate as; empty = discovery without authentication. */
    List<ChapCredentials> discoveryIncomingUsers();

    /** The driver's credentials for mutual CHAP in discovery sessions, or {@code null}. */
    ChapCredentials discoveryOutgoingUser();

    /** Every portal the driver listens on, as {@code address:port} ({@code [v6]:port} for IPv6). */
    List<String> portals();

    /**
     * The values a login negotiates with as acceptor: the driver's defaults overridden by the target's own;
     * the defaults alone for a discovery session ({@code target == null}).
     */
    Map<IscsiKey, String> negotiationValues(IscsiTarget target);

    /** Whether logins are spread over a target's portals ({@link PortalBalance}); the driver's login_balance. */
    default boolean balancesLogins() {
        return false;
    }

    /** The limit on failed authentications per initiator address. */
    AuthFailureLimiter authFailures();

    /** The sessions registry (ISID/TSIH rules, reinstatement). */
    SessionRegistry sessions();
}
