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

    static ByteBuf zeros(ByteBuf out, int n) {
        return out.writeZero(n);
    }
}
