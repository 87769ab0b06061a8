package io.quiver.transport.srp.iu;

import io.netty.buffer.ByteBuf;

/**
 * Decodes one received SEND by its type code. The target side accepts initiator IUs (requests and
 * responses); an initiator accepts target IUs. A type code the receiving side does not expect ends the channel
 * with {@link TargetLogoutReason#INVALID_IU_TYPE}. Stateless; safe on any thread.
 */
public final class SrpIuDecoder {

    private SrpIuDecoder() {
    }

    /**
     * An IU received by a target port: SRP_CMD, SRP_TSK_MGMT, SRP_I_LOGOUT, SRP_CRED_RSP or SRP_AER_RSP.
     * SRP_LOGIN_REQ comes through the connection manager, never as a SEND.
     *
     * @param immediateDataOffset the offset granted at login, or 0
     */
    public static SrpIu decodeAtTarget(ByteBuf iu, int immediateDataOffset) throws SrpProtocolException {
        int type = type(iu);
        return switch (type) {
            case Srp.CMD -> CommandIu.decode(iu, immediateDataOffset);
            case Srp.TSK_MGMT -> TaskManagementIu.decode(iu);
            case Srp.I_LOGOUT -> InitiatorLogout.decode(iu);
            case Srp.CRED_RSP -> CreditResponse.decode(iu);
            case Srp.AER_RSP -> AerResponse.decode(iu);
            default -> throw SrpProtocolException.logout(TargetLogoutReason.INVALID_IU_TYPE, "IU TYPE",
                    "0x" + Integer.toHexString(type) + " is not an initiator IU");
        };
    }

    /** An IU received by an initiator port: SRP_RSP, SRP_T_LOGOUT, SRP_CRED_REQ or SRP_AER_REQ. */
    public static SrpIu decodeAtInitiator(ByteBuf iu) throws SrpProtocolException {
        int type = type(iu);
        return switch (type) {
            case Srp.RSP -> ResponseIu.decode(iu);
            case Srp.T_LOGOUT -> TargetLogout.decode(iu);
            case Srp.CRED_REQ -> CreditRequest.decode(iu);
            case Srp.AER_REQ -> AerRequest.decode(iu);
            default -> throw SrpProtocolException.logout(TargetLogoutReason.INVALID_IU_TYPE, "IU TYPE",
                    "0x" + Integer.toHexString(type) + " is not a target IU");
        };
    }

    private static int type(ByteBuf iu) throws SrpProtocolException {
        if (!iu.isReadable()) {
            throw SrpProtocolException.logout(TargetLogoutReason.NO_REASON, "IU length", "empty SEND");
        }
        return iu.getUnsignedByte(iu.readerIndex());
    }
}
