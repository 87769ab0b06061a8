package io.quiver.transport.fcoe.impl.port;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.quiver.transport.fcoe.impl.frame.Delimiter;
import io.quiver.transport.fcoe.impl.frame.FcHeader;
import io.quiver.transport.fcoe.impl.frame.FcoeFrame;
import io.quiver.transport.fcoe.impl.frame.FrameControl;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Consumer;

/**
 * The FCoE side of {@link FcoeIscsiBench}: FCP exchanges through a {@link WireInitiator}. Each command is an
 * FCP_CMND with a fresh OX_ID (cycling through 28 672 of them, so an OX_ID is never reused while the target may
 * still hold the exchange it ended), data-in is counted frame by frame, each FCP_XFER_RDY is answered with its
 * burst as one FCP_DATA sequence split to the target's receive data field size, and the FCP_RSP ends the
 * exchange with its SCSI status. Data-out is a slice of one buffer of random bytes. Thread-safe: commands may be
 * sent from any thread, frames arrive on the initiator's receive thread.
 */
final class FcoeLoad extends QueueDepthLoad {

    private static final int FIRST_OX_ID = 0x1000;
    private static final int OX_IDS = 0x7000;

    /** One open exchange: what it expects and who hears its end (the SCSI status, or an error). */
    private static final class Exchange {
        final boolean read;
        final int expected;
        final Consumer<String> done;
        int received;
        int seqId;

        Exchange(boolean read, int expected, Consumer<String> done) {
            this.read = read;
            this.expected = expected;
            this.done = done;
        }
    }

    private final WireInitiator initiator;
    private final ByteBuf data;
    private final AtomicInteger nextOxId = new AtomicInteger();
    private final AtomicReferenceArray<Exchange> exchanges = new AtomicReferenceArray<>(FIRST_OX_ID + OX_IDS);

    FcoeLoad(WireInitiator initiator, long capacity, int logicalBlock, ByteBuf data) {
        super(capacity, logicalBlock);
        this.initiator = initiator;
        this.data = data;
        initiator.onFcp(this::frame);
    }

    @Override
    void issue(int slot, long offset) {
        command(cdb(offset), workload.read(), workload.blockSize(), error -> completed(slot, error));
    }

    /** A command outside the load (TEST UNIT READY after login): completes with null or the error. */
    CompletableFuture<String> single(byte[] cdb) {
        CompletableFuture<String> f = new CompletableFuture<>();
        command(cdb, false, 0, f::complete);
        return f;
    }

    private void command(byte[] cdb, boolean read, int length, Consumer<String> done) {
        int oxId = FIRST_OX_ID + Math.floorMod(nextOxId.getAndIncrement(), OX_IDS);
        exchanges.set(oxId, new Exchange(read, length, done));
        ByteBuf c = Unpooled.buffer(32);
        c.writeLong(0).writeByte(0).writeByte(0).writeByte(0).writeByte(length == 0 ? 0 : read ? 2 : 1);
        c.writeBytes(cdb).writeZero(16 - cdb.length).writeInt(length);
        initiator.send(new FcHeader(FcHeader.R_CTL_FCP_CMND, initiator.targetPortId(), 0, initiator.portId(),
                FcHeader.TYPE_FCP, 0x290000, 0, 0, 0, oxId, 0xFFFF, 0), c);
    }

    /** Every FCP frame the target sends, on the receive thread. */
    private void frame(FcoeFrame f) {
        FcHeader h = f.header();
        if (h.oxId() < FIRST_OX_ID || h.oxId() >= FIRST_OX_ID + OX_IDS) {
            return;
        }
        Exchange e = exchanges.get(h.oxId());
        if (e == null) {
            return;
        }
        ByteBuf p = f.payload();
        switch (h.rCtl()) {
            case FcHeader.R_CTL_DATA -> e.received += p.readableBytes();
            case FcHeader.R_CTL_XFER_RDY -> burst(e, h, p.getInt(p.readerIndex()), p.getInt(p.readerIndex() + 4));
            case FcHeader.R_CTL_FCP_RSP -> {
                exchanges.set(h.oxId(), null);
                int status = p.getUnsignedByte(p.readerIndex() + 11);
                String error = status != 0 ? "SCSI status " + status
                        : e.read && e.received != e.expected ? "read " + e.received + " of " + e.expected + " bytes" : null;
                e.done.accept(error);
            }
            default -> { }
        }
    }

    /** Sends {@code length} bytes at relative offset {@code offset} as one sequence that passes the initiative. */
    private void burst(Exchange e, FcHeader xferRdy, int offset, int length) {
        int seqId = ++e.seqId & 0xFF;
        int max = initiator.maxPayload();
        int count = 0;
        List<ByteBuf> frames = new ArrayList<>(length / max + 1);
        for (int done = 0; done < length; ) {
            int chunk = Math.min(max, length - done);
            boolean last = done + chunk == length;
            int fCtl = FrameControl.RELATIVE_OFFSET | (last ? FrameControl.END_SEQUENCE | FrameControl.SEQUENCE_INITIATIVE : 0);
            FcHeader h = new FcHeader(FcHeader.R_CTL_DATA, initiator.targetPortId(), 0, initiator.portId(),
                    FcHeader.TYPE_FCP, fCtl, seqId, 0, count, xferRdy.oxId(), xferRdy.rxId(), offset + done);
            frames.add(initiator.frame(h, count++ == 0 ? Delimiter.SOF_I3 : Delimiter.SOF_N3,
                    last ? Delimiter.EOF_T : Delimiter.EOF_N, data, offset + done, chunk));
            done += chunk;
        }
        initiator.send(frames); // as the target's data-in: a burst's frames in sendmmsg calls of up to 64
    }
}
