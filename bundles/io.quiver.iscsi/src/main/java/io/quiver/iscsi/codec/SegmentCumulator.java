package io.quiver.iscsi.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.function.BooleanSupplier;

/**
 * {@link PduDecoder}'s cumulator: while a large data segment is arriving (a WRITE's Data-Out, up to
 * MaxRecvDataSegmentLength), each socket read joins the cumulation as a component instead of being copied into
 * it; otherwise it merges as Netty's {@link ByteToMessageDecoder#MERGE_CUMULATOR} does.
 *
 * <p>Why: Netty's merge copies every read that arrives while bytes are left over, and during a data segment
 * larger than one read bytes are always left over, so every byte of WRITE data was copied once more in user
 * space before the device copied it again into the file. Composing keeps it in the buffers the socket read
 * into; the segment's slice spans them and reaches the file as one gathered write per component. Small PDUs
 * (commands, 4 KiB immediate data) still merge, because header fields read fastest from one flat buffer.
 *
 * <p>Linear in the bytes received whatever the reads' sizes: a composite nobody else holds is appended to in
 * place (one that earlier PDUs' slices hold is flattened into a new one once, {@link
 * CompositeByteBuf#addFlattenedComponents}); runs of {@value #SMALL_RUN} small reads (a peer trickling bytes)
 * are copied into one component, so components stay few and each byte is copied at most once; a composite left
 * with a small PDU's bytes is copied flat once. Runs on the decoder's event loop, as the decoder.
 */
final class SegmentCumulator implements ByteToMessageDecoder.Cumulator {

    /** Data segments from this size on are composed rather than merged. */
    static final int COMPOSE_MIN = 16 * 1024;
    /** Reads below this size count as small. */
    static final int SMALL_READ = 4096;
    /** Consecutive small reads copied into one component. */
    static final int SMALL_RUN = 64;

    private final BooleanSupplier receivingLargeSegment;
    private int smallRun;

    /** @param receivingLargeSegment whether the decoder is waiting for the rest of a large data segment */
    SegmentCumulator(BooleanSupplier receivingLargeSegment) {
        this.receivingLargeSegment = receivingLargeSegment;
    }

    @Override
    public ByteBuf cumulate(ByteBufAllocator alloc, ByteBuf cumulation, ByteBuf in) {
        if (!cumulation.isReadable() || !in.isReadable()) {
            return ByteToMessageDecoder.MERGE_CUMULATOR.cumulate(alloc, cumulation, in);
        }
        if (receivingLargeSegment.getAsBoolean()) {
            return compose(alloc, cumulation, in);
        }
        if (cumulation instanceof CompositeByteBuf) {
            ByteBuf flat = alloc.directBuffer(cumulation.readableBytes() + in.readableBytes());
            try {
                flat.writeBytes(cumulation).writeBytes(in);
            } finally {
                cumulation.release();
                in.release();
            }
            return flat;
        }
        return ByteToMessageDecoder.MERGE_CUMULATOR.cumulate(alloc, cumulation, in);
    }

    private CompositeByteBuf compose(ByteBufAllocator alloc, ByteBuf cumulation, ByteBuf in) {
        CompositeByteBuf composite;
        if (cumulation instanceof CompositeByteBuf sole && sole.refCnt() == 1) {
            composite = sole;
        } else {
            // no component limit: consolidating would copy what this avoids copying
            composite = alloc.compositeDirectBuffer(Integer.MAX_VALUE).addFlattenedComponents(true, cumulation);
            smallRun = 0;
        }
        boolean small = in.readableBytes() < SMALL_READ;
        composite.addFlattenedComponents(true, in);
        if (!small) {
            smallRun = 0;
        } else if (++smallRun == SMALL_RUN) {
            composite.consolidate(composite.numComponents() - SMALL_RUN, SMALL_RUN);
            smallRun = 0;
        }
        return composite;
    }
}
