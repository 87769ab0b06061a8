package io.quiver.transport.iscsi.impl.session;

import io.quiver.spi.target.ScsiTarget;
import io.quiver.iscsi.login.ChapCredentials;
import io.quiver.iscsi.login.IscsiKey;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * One configured iSCSI target as the login and the sessions see it: its name, alias, portal group tag,
 * authentication, negotiation values, command window limit, portal restrictions and the core's
 * {@link ScsiTarget} handle; plus the set of its live sessions. Configuration fields are immutable (a
 * reconfiguration builds a new instance); the session set is thread-safe.
 */
public final class IscsiTarget {

    private final String name;
    private final String alias;
    private final int portalGroupTag;
    private final List<ChapCredentials> incomingUsers;
    private final ChapCredentials outgoingUser;
    private final Map<IscsiKey, String> negotiationValues;
    private final int queuedCommands;
    private final List<Pattern> allowedPortals;
    private final boolean perPortalAcl;
    private final ScsiTarget scsiTarget;
    private final LoginRedirect redirect;
    private final Set<IscsiSession> sessions;

    /**
     * @param allowedPortals glob patterns over "address:port" a portal must match to serve this target
     *        (empty = every portal), as SCST's {@code allowed_portal}
     * @param perPortalAcl SCST's {@code per_portal_acl}: initiator groups see the initiator name with
     *        {@code #portal} appended
     * @param previous the configuration this one replaces, whose live sessions it takes over; or {@code null}
     */
    public IscsiTarget(String name, String alias, int portalGroupTag, List<ChapCredentials> incomingUsers,
            ChapCredentials outgoingUser, Map<IscsiKey, String> negotiationValues, int queuedCommands,
            List<String> allowedPortals, boolean perPortalAcl, ScsiTarget scsiTarget, IscsiTarget previous) {
        this(name, alias, portalGroupTag, incomingUsers, outgoingUser, negotiationValues, queuedCommands,
                allowedPortals, perPortalAcl, scsiTarget, null, previous);
    }

    /** As above, with logins sent elsewhere ({@code redirect}, SCST's attribute; {@code null}: served here). */
    public IscsiTarget(String name, String alias, int portalGroupTag, List<ChapCredentials> incomingUsers,
            ChapCredentials outgoingUser, Map<IscsiKey, String> negotiationValues, int queuedCommands,
            List<String> allowedPortals, boolean perPortalAcl, ScsiTarget scsiTarget, LoginRedirect redirect,
            IscsiTarget previous) {
        this.name = name;
        this.redirect = redirect;
        this.alias = alias;
        this.portalGroupTag = portalGroupTag;
        this.incomingUsers = List.copyOf(incomingUsers);
        this.outgoingUser = outgoingUser;
        this.negotiationValues = Map.copyOf(negotiationValues);
        this.queuedCommands = queuedCommands;
        this.allowedPortals = allowedPortals.stream().map(IscsiTarget::glob).toList();
        this.perPortalAcl = perPortalAcl;
        this.scsiTarget = scsiTarget;
        this.sessions = previous == null ? ConcurrentHashMap.newKeySet() : previous.sessions;
    }

    private static Pattern glob(String g) {
        StringBuilder re = new StringBuilder();
        for (char c : g.toCharArray()) {
            re.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
        }
        return Pattern.compile(re.toString());
    }

    public String name() {
        return name;
    }

    /** TargetAlias, or {@code null}. */
    public String alias() {
        return alias;
    }

    public int portalGroupTag() {
        return portalGroupTag;
    }

    /** CHAP users an initiator may log in as; empty = no authentication required. */
    public List<ChapCredentials> incomingUsers() {
        return incomingUsers;
    }

    /** The target's credentials for mutual CHAP, or {@code null}. */
    public ChapCredentials outgoingUser() {
        return outgoingUser;
    }

    public Map<IscsiKey, String> negotiationValues() {
        return negotiationValues;
    }

    /** Upper bound of the CmdSN window (SCST's QueuedCommands). */
    public int queuedCommands() {
        return queuedCommands;
    }

    /** Whether this target is served on the portal {@code address:port} (SCST's allowed_portal). */
    public boolean servesPortal(String portal) {
        return allowedPortals.isEmpty() || allowedPortals.stream().anyMatch(p -> p.matcher(portal).matches());
    }

    public boolean perPortalAcl() {
        return perPortalAcl;
    }

    /** The name initiator groups match: the initiator name, with {@code #portal} appended under per_portal_acl. */
    public String aclName(String initiatorName, String portal) {
        return perPortalAcl ? initiatorName + "#" + portal : initiatorName;
    }

    /**
     * Whether the initiator, coming in on {@code portal}, may see this target at all (the core's groups and
     * default LUNs decide); discovery lists and logins admit only such initiators.
     */
    public boolean admits(String initiatorName, String portal) {
        return scsiTarget.admits(aclName(initiatorName, portal));
    }

    /** Where logins are sent instead, or {@code null}. */
    public LoginRedirect redirect() {
        return redirect;
    }

    public ScsiTarget scsiTarget() {
        return scsiTarget;
    }

    /** The live sessions, for logout on disable. */
    public Set<IscsiSession> sessions() {
        return sessions;
    }
}
