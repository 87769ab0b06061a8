package io.quiver.transport.srp.iu;

import io.netty.buffer.ByteBuf;

/** Length checks shared by the decoders of fixed-size IUs. */
final class IuChecks {

    private IuChecks() {
    }

    /**
     * Fixed-size IUs must arrive whole and alone: a shorter or longer SEND is a framing error that cannot be
     * answered per request (the tag may be missing), so it ends the channel.
     */
    static void exactLength(ByteBuf iu, int length, String name) throws SrpProtocolException {
        if (iu.readableBytes() != length) {
            throw SrpProtocolException.logout(TargetLogoutReason.NO_REASON, "IU length",
                    name + " has " + length + " bytes, received " + iu.readableBytes());
        }
    }

    static void opcode(ByteBuf iu, int opcode) {
        int got = iu.getUnsignedByte(iu.readerIndex());
        if (got != opcode) {
            throw new IllegalArgumentException("IU type 0x" + Integer.toHexString(got) + " is not 0x"
                    + Integer.toHexString(opcode));
        }
    }

    /** Checks a 16-byte IU of type, seven reserved bytes and TAG (I_LOGOUT, CRED_RSP, AER_RSP); returns the TAG. */
    static long tagOnly(ByteBuf iu, int opcode, String name) throws SrpProtocolException {
        opcode(iu, opcode);
        exactLength(iu, Srp.SHORT_IU_LENGTH, name);
        return iu.getLong(iu.readerIndex() + 8);
    }

    /** Appends a 16-byte IU of type, seven reserved bytes and TAG. */
    static void writeTagOnly(ByteBuf out, int opcode, long tag) {
        out.writeByte(opcode).writeZero(7).writeLong(tag);
    }

    /** Appends a 16-byte IU of type, SOLNT, two reserved bytes, a 32-bit value and TAG (T_LOGOUT, CRED_REQ). */
    static void writeSolicited(ByteBuf out, int opcode, boolean solicited, int value, long tag) {
        out.writeByte(opcode).writeByte(solicited ? Srp.SOLICITED_NOTIFICATION : 0).writeZero(2).writeInt(value)
                .writeLong(tag);
    }

    /** The SOLNT bit of a received IU. */
    static boolean solicited(ByteBuf iu) {
        return (iu.getByte(iu.readerIndex() + 1) & Srp.SOLICITED_NOTIFICATION) != 0;
    }
}
