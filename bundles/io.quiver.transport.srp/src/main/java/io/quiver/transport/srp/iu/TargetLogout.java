package io.quiver.transport.srp.iu;

import io.netty.buffer.ByteBuf;

/**
 * SRP_T_LOGOUT (SRP r16a 6.6, 16 bytes): the target ends the RDMA channel and says why.
 *
 * @param solicitedNotification the SOLNT bit
 * @param reason REASON (a {@link TargetLogoutReason} code, or another value received from a peer)
 * @param tag TAG
 */
public record TargetLogout(boolean solicitedNotification, int reason, long tag) implements SrpIu {

    @Override
    public int opcode() {
        return Srp.T_LOGOUT;
    }

    /** Decodes the 16-byte IU; any other length is a framing error. */
    public static TargetLogout decode(ByteBuf iu) throws SrpProtocolException {
        IuChecks.opcode(iu, Srp.T_LOGOUT);
        IuChecks.exactLength(iu, Srp.SHORT_IU_LENGTH, "SRP_T_LOGOUT");
        int i = iu.readerIndex();
        return new TargetLogout(IuChecks.solicited(iu), iu.getInt(i + 4),
                iu.getLong(i + 8));
    }

    @Override
    public void encode(ByteBuf out) {
        IuChecks.writeSolicited(out, Srp.T_LOGOUT, solicitedNotification, reason, tag);
    }
}
