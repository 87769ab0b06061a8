package io.quiver.transport.iscsi.impl.session;

import java.util.Collection;

/**
 * Where a login to a target is served when the driver spreads logins over portals (its {@code login_balance}):
 * here, unless another portal that serves the target has fewer of its sessions than this one. The move is
 * strict (fewer, not as few), so an initiator sent to the least-loaded portal is served there and never bounced
 * back. Portals bound to a wildcard address take no part: they have no address to send an initiator to.
 * Stateless; reads the target's live session set, which is thread-safe.
 */
public final class PortalBalance {

    private PortalBalance() {
    }

    /**
     * The portal to redirect a login that arrived on {@code localPortal} to, or {@code null} to serve it here.
     */
    public static String destination(TargetDirectory directory, IscsiTarget target, String localPortal) {
        if (!directory.balancesLogins() || isWildcard(localPortal)) {
            return null;
        }
        Collection<IscsiSession> sessions = target.sessions();
        long here = count(sessions, localPortal);
        String best = null;
        long fewest = here;
        for (String portal : directory.portals()) {
            if (portal.equals(localPortal) || isWildcard(portal) || !target.servesPortal(portal)) {
                continue;
            }
            long n = count(sessions, portal);
            if (n < fewest) {
                best = portal;
                fewest = n;
            }
        }
        return best;
    }

    private static long count(Collection<IscsiSession> sessions, String portal) {
        return sessions.stream().filter(s -> portal.equals(s.portal())).count();
    }

    static boolean isWildcard(String portal) {
        return portal.startsWith("0.0.0.0:") || portal.startsWith("[::]:");
    }
}
