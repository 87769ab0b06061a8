package io.quiver.transport.iscsi.impl.login;

import io.quiver.iscsi.login.TextParameters;
import io.quiver.iscsi.login.LoginException;

import io.quiver.iscsi.pdu.LoginStatus;
import io.quiver.transport.iscsi.impl.session.IscsiTarget;
import io.quiver.transport.iscsi.impl.session.LoginRedirect;
import io.quiver.transport.iscsi.impl.session.PortalBalance;
import io.quiver.transport.iscsi.impl.session.TargetDirectory;
import java.util.List;

/**
 * The keys of the first Login Request that decide what the login is for (RFC 7143, 6.3.1 and 13):
 * InitiatorName (required), SessionType (Normal or Discovery) and, for a normal session, TargetName, which
 * must name an enabled target served on the portal the connection came in on and admitting the initiator,
 * unless the target sends the login to another portal (redirection). Immutable result.
 */
record LeadingKeys(String initiatorName, boolean discovery, IscsiTarget target) {

    /**
     * Reads the leading keys and finds the target.
     *
     * @throws LoginException MISSING_PARAMETER, SESSION_TYPE_NOT_SUPPORTED, NOT_FOUND or AUTHORIZATION_FAILURE
     */
    static LeadingKeys of(List<TextParameters.Pair> pairs, TargetDirectory directory, String localPortal)
            throws LoginException {
        String initiatorName = null;
        String sessionType = "Normal";
        String targetName = null;
        for (TextParameters.Pair p : pairs) {
            switch (p.key()) {
                case "InitiatorName": initiatorName = p.value(); break;
                case "TargetName": targetName = p.value(); break;
                case "SessionType": sessionType = p.value(); break;
                default: break;
            }
        }
        if (initiatorName == null || initiatorName.isEmpty()) {
            throw new LoginException(LoginStatus.MISSING_PARAMETER, "InitiatorName missing");
        }
        if ("Discovery".equals(sessionType)) {
            return new LeadingKeys(initiatorName, true, null);
        }
        if (!"Normal".equals(sessionType)) {
            throw new LoginException(LoginStatus.SESSION_TYPE_NOT_SUPPORTED, "SessionType " + sessionType);
        }
        if (targetName == null) {
            throw new LoginException(LoginStatus.MISSING_PARAMETER, "TargetName missing");
        }
        IscsiTarget target = directory.find(targetName);
        if (target == null || !target.servesPortal(localPortal)) {
            throw new LoginException(LoginStatus.NOT_FOUND, "no target " + targetName + " on " + localPortal);
        }
        if (!target.admits(initiatorName, localPortal)) {
            // As iscsi-scst: a target this initiator would see no LUN of is not there for it.
            throw new LoginException(LoginStatus.AUTHORIZATION_FAILURE, initiatorName + " not admitted to " + targetName);
        }
        redirection(directory, target, localPortal);
        return new LeadingKeys(initiatorName, false, target);
    }

    /**
     * Sends the login elsewhere when the target says so ({@code redirect}; not when it arrived on the
     * destination itself, so a node may redirect to one of its own portals without a loop) or the driver
     * balances logins and another portal has fewer of the target's sessions. Only admitted initiators learn
     * where the target is.
     */
    private static void redirection(TargetDirectory directory, IscsiTarget target, String localPortal)
            throws LoginException {
        LoginRedirect redirect = target.redirect();
        if (redirect != null && !redirect.portal().equals(localPortal)) {
            throw new LoginException(redirect.permanent() ? LoginStatus.TARGET_MOVED_PERMANENTLY
                    : LoginStatus.TARGET_MOVED_TEMPORARILY, target.name() + " redirected to " + redirect,
                    redirect.targetAddress(target.portalGroupTag()));
        }
        String balanced = PortalBalance.destination(directory, target, localPortal);
        if (balanced != null) {
            throw new LoginException(LoginStatus.TARGET_MOVED_TEMPORARILY, target.name() + " balanced to "
                    + balanced, balanced + "," + target.portalGroupTag());
        }
    }
}
