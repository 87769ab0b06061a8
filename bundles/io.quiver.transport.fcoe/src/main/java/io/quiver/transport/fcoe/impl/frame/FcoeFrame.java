package io.quiver.transport.fcoe.impl.frame;

import io.netty.buffer.ByteBuf;

/**
 * One received FCoE frame (FC-BB-6 7.8): Ethernet addresses, SOF/EOF, the FC header and the payload without
 * fill bytes. The payload is a slice of the receive buffer, valid only while the receiver's callback runs.
 *
 * @param destination Ethernet destination MAC
 * @param source Ethernet source MAC
 */
public record FcoeFrame(long destination, long source, int sof, int eof, FcHeader header, ByteBuf payload) {

    /** Whether this frame starts a sequence (SOFi). */
    public boolean firstOfSequence() {
        return sof == Delimiter.SOF_I3 || sof == Delimiter.SOF_I2 || sof == Delimiter.SOF_F;
    }

    /** Whether this frame ends its sequence (END_SEQUENCE in F_CTL). */
    public boolean endOfSequence() {
        return (header.fCtl() & FrameControl.END_SEQUENCE) != 0;
    }
}
