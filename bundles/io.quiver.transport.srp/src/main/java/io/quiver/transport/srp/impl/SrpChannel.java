package io.quiver.transport.srp.impl;

import io.netty.buffer.ByteBuf;
import io.quiver.spi.target.Session;
import io.quiver.transport.srp.iu.AerResponse;
import io.quiver.transport.srp.iu.CommandIu;
import io.quiver.transport.srp.iu.CreditRequest;
import io.quiver.transport.srp.iu.CreditResponse;
import io.quiver.transport.srp.iu.InitiatorLogout;
import io.quiver.transport.srp.iu.ResponseIu;
import io.quiver.transport.srp.iu.Srp;
import io.quiver.transport.srp.iu.SrpIu;
import io.quiver.transport.srp.iu.SrpIuDecoder;
import io.quiver.transport.srp.iu.SrpProtocolException;
import io.quiver.transport.srp.iu.TargetLogout;
import io.quiver.transport.srp.iu.TargetLogoutReason;
import io.quiver.transport.srp.iu.TaskManagementIu;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One logged-in RDMA channel (SCST's {@code srpt_rdma_ch}): decodes the IUs the initiator SENDs, charges and
 * returns request-limit credits ({@link CreditLedger}), hands commands and task management functions to the
 * nexus' core session, and answers every request with one SRP_RSP. A malformed request is answered on its own
 * (SRP_RSP with the reason); only an IU that cannot be answered (no tag, unknown type, credit overrun,
 * unexpected response) logs this channel out, never the nexus' other channels.
 *
 * <p>Thread-safe: IUs arrive on the wire's completion thread, completions from the core's threads; the
 * channel's state and ledger are guarded by this object and no wire call is made while holding it.
 */
public final class SrpChannel {

    private static final Logger LOG = LoggerFactory.getLogger(SrpChannel.class);

    private final SrpTargetPort port;
    private final SrpTargetPort.Nexus nexus;
    private final SrpWire wire;
    private final ChannelLimits limits;
    private final int itIuLength;
    private final int immediateDataOffset;
    private final CreditLedger credits;
    private boolean open = true;

    SrpChannel(SrpTargetPort port, SrpTargetPort.Nexus nexus, SrpWire wire, ChannelLimits limits, int itIuLength,
            int immediateDataOffset) {
        this.port = port;
        this.nexus = nexus;
        this.wire = wire;
        this.limits = limits;
        this.itIuLength = itIuLength;
        this.immediateDataOffset = immediateDataOffset;
        this.credits = new CreditLedger(limits.requestLimit(), Math.max(1, limits.requestLimit() / 4));
    }

    SrpTargetPort.Nexus nexus() {
        return nexus;
    }

    SrpWire wire() {
        return wire;
    }

    Session session() {
        return nexus.session;
    }

    ChannelLimits limits() {
        return limits;
    }

    /** The immediate data offset granted at login, 0 if none. */
    public int immediateDataOffset() {
        return immediateDataOffset;
    }

    /**
     * One received SEND; the channel owns {@code iu} and releases it (a command keeps it until it completes,
     * since its CDB and immediate data are slices of it).
     */
    public void received(ByteBuf iu) {
        boolean handedOver = false;
        try {
            int type = iu.isReadable() ? iu.getUnsignedByte(iu.readerIndex()) : -1;
            boolean request = type == Srp.CMD || type == Srp.TSK_MGMT;
            synchronized (this) {
                if (!open) {
                    return;
                }
                if (request && !credits.take()) {
                    throw SrpProtocolException.logout(TargetLogoutReason.NO_REASON, "REQUEST LIMIT",
                            "the initiator sent a request with no credit left");
                }
            }
            if (iu.readableBytes() > itIuLength) {
                throw SrpProtocolException.logout(TargetLogoutReason.NO_REASON, "IU length", iu.readableBytes()
                        + " bytes exceed the negotiated maximum of " + itIuLength);
            }
            SrpIu msg = SrpIuDecoder.decodeAtTarget(iu, immediateDataOffset);
            switch (msg) {
                case CommandIu cmd -> handedOver = SrpCommand.submit(this, cmd, iu);
                case TaskManagementIu tmf -> SrpTaskRequest.submit(this, tmf);
                case InitiatorLogout logout -> wire.disconnect();
                case CreditResponse rsp -> targetRequestAnswered(rsp.tag());
                case AerResponse rsp -> targetRequestAnswered(rsp.tag());
                default -> throw new IllegalStateException("decoder returned " + msg);
            }
        } catch (SrpProtocolException e) {
            refuse(e);
        } finally {
            if (!handedOver) {
                iu.release();
            }
        }
    }

    private void targetRequestAnswered(long tag) throws SrpProtocolException {
        boolean expected;
        synchronized (this) {
            expected = credits.targetRequestAnswered(tag);
        }
        if (!expected) {
            throw SrpProtocolException.logout(TargetLogoutReason.UNEXPECTED_RESPONSE, "TAG",
                    "no SRP_CRED_REQ or SRP_AER_REQ is outstanding with tag 0x" + Long.toHexString(tag));
        }
        maybeCreditRequest();
    }

    private void refuse(SrpProtocolException e) {
        LOG.debug("SRP channel of 0x{}: {}", nexus.initiator, e.getMessage());
        switch (e.reply()) {
            case RESPONSE -> {
                if (e.isCommand()) {
                    byte[] sense = e.sense().toBytes(false);
                    respond(delta -> ResponseIu.invalidCommand(e.tag(), delta, io.netty.buffer.Unpooled.wrappedBuffer(sense)));
                } else {
                    respond(delta -> ResponseIu.responseCode(e.tag(), delta, e.responseCode()));
                }
            }
            case TARGET_LOGOUT -> logout(e.logoutReason());
            case LOGIN_REJECT -> throw new IllegalStateException("login rejection inside a channel", e);
        }
    }

    /**
     * Answers one request: the response gets the request's credit and any piled up. Nothing is sent once the
     * channel is closed.
     */
    void respond(java.util.function.IntFunction<ResponseIu> response) {
        ResponseIu rsp;
        synchronized (this) {
            if (!open) {
                return;
            }
            rsp = response.apply(credits.answer());
        }
        ByteBuf out = wire.allocator().directBuffer(rsp.encodedLength());
        rsp.encode(out);
        wire.send(out);
        maybeCreditRequest();
    }

    /** A request ended without a response (aborted): its credit waits for the next response or a CRED_REQ. */
    void dropped() {
        synchronized (this) {
            credits.drop();
        }
        maybeCreditRequest();
    }

    private void maybeCreditRequest() {
        CreditRequest req;
        synchronized (this) {
            if (!open || !credits.creditRequestDue()) {
                return;
            }
            req = new CreditRequest(false, credits.takeOwed(), credits.creditRequestTag());
        }
        ByteBuf out = wire.allocator().directBuffer(Srp.SHORT_IU_LENGTH);
        req.encode(out);
        wire.send(out);
    }

    /** Sends SRP_T_LOGOUT and disconnects. Idempotent. */
    public void logout(TargetLogoutReason reason) {
        synchronized (this) {
            if (!open) {
                return;
            }
        }
        ByteBuf out = wire.allocator().directBuffer(Srp.SHORT_IU_LENGTH);
        new TargetLogout(false, reason.code(), 0).encode(out);
        wire.send(out);
        wire.disconnect();
    }

    /** The wire is down (DREQ, error or our own disconnect): the channel ends and leaves its nexus. Idempotent. */
    public void disconnected() {
        synchronized (this) {
            if (!open) {
                return;
            }
            open = false;
        }
        port.channelGone(this);
    }

    synchronized boolean isOpen() {
        return open;
    }

    /** Credits the initiator holds, credits owed to it and requests in flight (tests, statistics). */
    synchronized int[] creditState() {
        return new int[] {credits.initiatorCredits(), credits.owed(), credits.inFlight()};
    }
}
