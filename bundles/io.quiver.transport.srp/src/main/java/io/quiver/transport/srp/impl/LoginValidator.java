package io.quiver.transport.srp.impl;

import io.quiver.transport.srp.iu.LoginRejectReason;
import io.quiver.transport.srp.iu.LoginRequest;
import io.quiver.transport.srp.iu.LoginResponse;
import io.quiver.transport.srp.iu.Srp;
import io.quiver.transport.srp.iu.SrpProtocolException;

/**
 * Checks an SRP_LOGIN_REQ against a target port's {@link ChannelLimits} and the channels its I_T nexus already
 * has, and builds the SRP_LOGIN_RSP. Every refusal is an {@link SrpProtocolException} carrying the
 * SRP_LOGIN_REJ reason SRP r16a gives for it. Stateless; safe on any thread.
 */
final class LoginValidator {

    private LoginValidator() {
    }

    /**
     * @param existingChannels channels of the same I_T nexus (initiator and target port ids) that are up
     * @return the immediate data offset granted, or 0 for none
     */
    static int check(LoginRequest req, ChannelLimits limits, int existingChannels) throws SrpProtocolException {
        long tag = req.tag();
        if (!req.targetPortId().equals(limits.targetPortId())) {
            // ib_srpt answers an unknown target port id the same way
            throw reject(LoginRejectReason.UNABLE_TO_ASSOCIATE_CHANNEL, tag, "TARGET PORT IDENTIFIER",
                    req.targetPortId() + " is not this target port " + limits.targetPortId());
        }
        int itIu = req.requestedItIuLength();
        if (itIu < Srp.MIN_IT_IU_LENGTH || Integer.compareUnsigned(itIu, limits.maxItIuLength()) > 0) {
            throw reject(LoginRejectReason.REQUESTED_IT_IU_LENGTH_TOO_LARGE, tag,
                    "REQUESTED MAXIMUM INITIATOR TO TARGET IU LENGTH", Integer.toUnsignedString(itIu)
                            + " is outside 64.." + limits.maxItIuLength());
        }
        if ((req.requiredBufferFormats() & ~ChannelLimits.SUPPORTED_BUFFER_FORMATS) != 0) {
            throw reject(LoginRejectReason.UNSUPPORTED_DESCRIPTOR_FORMAT, tag, "REQUIRED BUFFER FORMATS",
                    "0x" + Integer.toHexString(req.requiredBufferFormats()) + " asks for more than direct and indirect");
        }
        int action = req.multiChannelAction();
        if (action > Srp.MULTICHANNEL_MULTI) {
            throw reject(LoginRejectReason.UNABLE_TO_ESTABLISH_CHANNEL, tag, "MULTI-CHANNEL ACTION",
                    "reserved value " + action);
        }
        if (action == Srp.MULTICHANNEL_MULTI && existingChannels > 0) {
            if (!limits.multiChannel()) {
                throw reject(LoginRejectReason.MULTICHANNEL_UNSUPPORTED, tag, "MULTI-CHANNEL ACTION",
                        "this target port allows one RDMA channel per I_T nexus");
            }
            if (existingChannels >= limits.maxChannelsPerNexus()) {
                throw reject(LoginRejectReason.CHANNEL_LIMIT_REACHED, tag, "MULTI-CHANNEL ACTION",
                        "the I_T nexus already has " + existingChannels + " channels");
            }
        }
        return immediateOffset(req, limits);
    }

    /**
     * SRP-2 immediate data is granted only for an offset that leaves room for the 48-byte SRP_CMD and an
     * immediate descriptor, is 4-byte aligned and lies inside the IU; otherwise the login goes on without it,
     * as with ib_srpt, and the initiator sees no {@link Srp#LOGIN_RSP_IMMEDIATE_SUPPORTED}.
     */
    private static int immediateOffset(LoginRequest req, ChannelLimits limits) {
        int offset = req.immediateDataOffset();
        boolean fits = offset >= Srp.CMD_LENGTH + Srp.IMMEDIATE_DESCRIPTOR_LENGTH && offset % 4 == 0
                && offset < req.requestedItIuLength();
        return req.immediateDataRequested() && limits.immediateData() && fits ? offset : 0;
    }

    /** The SRP_LOGIN_RSP for an accepted login. */
    static LoginResponse response(LoginRequest req, ChannelLimits limits, int multiChannelResult, int immediateOffset) {
        int flags = multiChannelResult | (immediateOffset > 0 ? Srp.LOGIN_RSP_IMMEDIATE_SUPPORTED : 0);
        return new LoginResponse(limits.requestLimit(), req.tag(), req.requestedItIuLength(), limits.maxTiIuLength(),
                ChannelLimits.SUPPORTED_BUFFER_FORMATS, flags);
    }

    private static SrpProtocolException reject(LoginRejectReason reason, long tag, String field, String message) {
        return SrpProtocolException.loginReject(reason, tag, field, message);
    }
}
