package io.quiver.transport.srp.impl;

import io.quiver.spi.target.InitiatorPort;
import io.quiver.spi.target.ScsiTarget;
import io.quiver.spi.target.Session;
import io.quiver.spi.target.SessionTransport;
import io.quiver.transport.srp.iu.LoginRejectReason;
import io.quiver.transport.srp.iu.LoginRequest;
import io.quiver.transport.srp.iu.LoginResponse;
import io.quiver.transport.srp.iu.Srp;
import io.quiver.transport.srp.iu.SrpPortId;
import io.quiver.transport.srp.iu.SrpProtocolException;
import io.quiver.transport.srp.iu.SrpTransportId;
import io.quiver.transport.srp.iu.TargetLogoutReason;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One SRP target port (id_ext + ioc_guid) of a registered core target: logs RDMA channels in, groups them by
 * I_T nexus (one core {@link Session} per initiator port id, shared by its channels) and applies the
 * MULTI-CHANNEL ACTION: SINGLE logs the nexus' other channels out (SRP_T_LOGOUT, reason 4) and starts a new
 * nexus, MULTI adds a channel within the limits.
 *
 * <p>Thread-safe: logins come from the connection-management thread, channel ends from completion threads
 * and the core; the nexus table is guarded by this object, and no channel lock is held while taking it.
 */
public final class SrpTargetPort {

    /** A login the port accepted: the response to send back and the channel to feed. */
    public record Accepted(LoginResponse response, SrpChannel channel) {
    }

    private final ScsiTarget target;
    private final ChannelLimits limits;
    private final int maxSessions;
    private final Map<SrpPortId, Nexus> nexuses = new HashMap<>();
    private boolean enabled = true;

    /**
     * @param maxSessions the most I_T nexuses at once; more logins get
     *        {@link LoginRejectReason#INSUFFICIENT_RESOURCES}
     */
    public SrpTargetPort(ScsiTarget target, ChannelLimits limits, int maxSessions) {
        this.target = target;
        this.limits = limits;
        this.maxSessions = maxSessions;
    }

    public ChannelLimits limits() {
        return limits;
    }

    /**
     * Validates a login and, if accepted, creates its channel on {@code wire}.
     *
     * @throws SrpProtocolException with the SRP_LOGIN_REJ reason
     */
    public Accepted login(LoginRequest req, SrpWire wire) throws SrpProtocolException {
        List<SrpChannel> terminated = List.of();
        Session oldSession = null;
        Accepted accepted;
        synchronized (this) {
            if (!enabled) {
                throw SrpProtocolException.loginReject(LoginRejectReason.UNABLE_TO_ESTABLISH_CHANNEL, req.tag(),
                        "TARGET PORT IDENTIFIER", "the target is not enabled");
            }
            String name = "0x" + req.initiatorPortId();
            if (!target.admits(name)) {
                throw SrpProtocolException.loginReject(LoginRejectReason.UNABLE_TO_ESTABLISH_CHANNEL, req.tag(),
                        "INITIATOR PORT IDENTIFIER", name + " is not admitted to this target");
            }
            Nexus nexus = nexuses.get(req.initiatorPortId());
            int existing = nexus == null ? 0 : nexus.channels.size();
            int immediateOffset = LoginValidator.check(req, limits, existing);
            int result = Srp.LOGIN_RSP_NO_CHANNEL;
            if (nexus != null && req.multiChannelAction() == Srp.MULTICHANNEL_SINGLE) {
                terminated = List.copyOf(nexus.channels);
                oldSession = nexus.session;
                nexuses.remove(req.initiatorPortId());
                nexus = null;
                result = Srp.LOGIN_RSP_TERMINATED;
            } else if (nexus != null) {
                result = Srp.LOGIN_RSP_MAINTAINED;
            }
            if (nexus == null) {
                if (nexuses.size() >= maxSessions) {
                    throw SrpProtocolException.loginReject(LoginRejectReason.INSUFFICIENT_RESOURCES, req.tag(),
                            "INITIATOR PORT IDENTIFIER", "the target has its " + maxSessions + " sessions");
                }
                nexus = new Nexus(req.initiatorPortId());
                nexus.session = target.openSession(new InitiatorPort(name, name, SrpTransportId.of(req.initiatorPortId())),
                        nexus);
                nexuses.put(req.initiatorPortId(), nexus);
            }
            SrpChannel channel = new SrpChannel(this, nexus, wire, limits, req.requestedItIuLength(), immediateOffset);
            nexus.channels.add(channel);
            accepted = new Accepted(LoginValidator.response(req, limits, result, immediateOffset), channel);
        }
        for (SrpChannel c : terminated) {
            c.logout(TargetLogoutReason.MULTICHANNEL_ACTION);
        }
        if (oldSession != null) {
            oldSession.close();
        }
        return accepted;
    }

    /** A channel is gone: the nexus ends with its last channel. */
    void channelGone(SrpChannel channel) {
        Session close = null;
        synchronized (this) {
            Nexus nexus = channel.nexus();
            nexus.channels.remove(channel);
            // a nexus replaced by a SINGLE login is no longer in the table: that login closed its session
            if (nexus.channels.isEmpty() && nexuses.get(nexus.initiator) == nexus) {
                nexuses.remove(nexus.initiator);
                close = nexus.session;
            }
        }
        if (close != null) {
            close.close();
        }
    }

    /** Refuses new logins and logs every channel out (the target was disabled or removed). */
    public void disable() {
        List<SrpChannel> all = new ArrayList<>();
        synchronized (this) {
            enabled = false;
            nexuses.values().forEach(n -> all.addAll(n.channels));
        }
        all.forEach(c -> c.logout(TargetLogoutReason.NO_REASON));
    }

    /** Channels of the nexus of {@code initiator} (for management views and tests). */
    public synchronized int channels(SrpPortId initiator) {
        Nexus n = nexuses.get(initiator);
        return n == null ? 0 : n.channels.size();
    }

    /** Open I_T nexuses. */
    public synchronized int sessions() {
        return nexuses.size();
    }

    /** One I_T nexus: the core's session and the channels carrying it; the core's close logs them all out. */
    final class Nexus implements SessionTransport {
        final SrpPortId initiator;
        final List<SrpChannel> channels = new ArrayList<>();
        Session session;

        Nexus(SrpPortId initiator) {
            this.initiator = initiator;
        }

        @Override
        public void close(String reason) {
            List<SrpChannel> all;
            synchronized (SrpTargetPort.this) {
                all = List.copyOf(channels);
            }
            all.forEach(c -> c.logout(TargetLogoutReason.NO_REASON));
        }

        @Override
        public Map<String, String> attributes() {
            synchronized (SrpTargetPort.this) {
                return Map.of("initiator_port_id", "0x" + initiator, "channels", Integer.toString(channels.size()));
            }
        }
    }
}
