package io.quiver.transport.fcoe.impl.fcp;

import io.netty.buffer.ByteBuf;

/**
 * How an FCP exchange reaches its initiator: sequences of frames on the exchange, split to the initiator's
 * receive data field size. Implemented by the remote port; callable from any thread, never blocks.
 */
public interface FcpChannel {

    /**
     * Sends {@code length} bytes of {@code payload} from {@code index} (not released) as one sequence of
     * the exchange, from the exchange responder.
     *
     * @param lastFrameControl F_CTL bits of the sequence's last frame besides END_SEQUENCE
     * @param relativeOffset the relative offset of the first byte, or -1 for frames without one
     */
    void sequence(int oxId, int rxId, int seqId, int rCtl, int lastFrameControl, ByteBuf payload, int index,
            int length, int relativeOffset);

    /**
     * The most data-out one FCP_XFER_RDY asks for (FCP-4 maximum burst size), at least one frame's worth; the
     * whole transfer when unlimited ({@link Integer#MAX_VALUE}).
     */
    int maxBurst();

    /** The exchange ended (response sent or aborted): forget it. */
    void finished(FcpExchange exchange);
}
