package io.quiver.spi.target;

import io.netty.buffer.ByteBuf;
import io.quiver.scsi.ScsiStatus;
import io.quiver.scsi.SenseData;

/**
 * What a command ended with: status, optional sense, optional data-in and the transfer length the
 * command called for. Created by the core and handed to {@link ScsiCommand#complete}; the data-in
 * buffer's ownership goes with it. Immutable apart from that buffer; used by one thread at a time.
 */
public final class CommandResponse {

    private static final CommandResponse ABORTED = new CommandResponse(ScsiStatus.TASK_ABORTED, null, false, null, 0, true);

    private final ScsiStatus status;
    private final SenseData sense;
    private final boolean descriptorSense;
    private final ByteBuf dataIn;
    private final long transferLength;
    private final boolean aborted;

    private CommandResponse(ScsiStatus status, SenseData sense, boolean descriptorSense, ByteBuf dataIn,
            long transferLength, boolean aborted) {
        this.status = status;
        this.sense = sense;
        this.descriptorSense = descriptorSense;
        this.dataIn = dataIn;
        this.transferLength = transferLength;
        this.aborted = aborted;
    }

    /**
     * A response with data-in (may be {@code null}) and the length the command called for.
     *
     * @param transferLength bytes the command would move by its CDB: for data-in, the data available up to
     *        the allocation length (normally {@code dataIn.readableBytes()}, larger when the core truncated
     *        it to the expected length); for data-out, the bytes the CDB asked for
     */
    public static CommandResponse of(ScsiStatus status, SenseData sense, boolean descriptorSense, ByteBuf dataIn,
            long transferLength) {
        return new CommandResponse(status, sense, descriptorSense, dataIn, transferLength, false);
    }

    /** GOOD with data-in. */
    public static CommandResponse good(ByteBuf dataIn) {
        return new CommandResponse(ScsiStatus.GOOD, null, false, dataIn, dataIn == null ? 0 : dataIn.readableBytes(), false);
    }

    /** CHECK CONDITION with sense and no data. */
    public static CommandResponse checkCondition(SenseData sense, boolean descriptorSense) {
        return new CommandResponse(ScsiStatus.CHECK_CONDITION, sense, descriptorSense, null, 0, false);
    }

    /** The command was aborted by a task management function: the transport sends nothing. */
    public static CommandResponse aborted() {
        return ABORTED;
    }

    public ScsiStatus status() {
        return status;
    }

    /** Sense data for CHECK CONDITION, else {@code null}. */
    public SenseData sense() {
        return sense;
    }

    /** Whether the sense is to be sent in descriptor format (the LU's D_SENSE bit). */
    public boolean descriptorSense() {
        return descriptorSense;
    }

    /** Data-in, or {@code null}. */
    public ByteBuf dataIn() {
        return dataIn;
    }

    public long transferLength() {
        return transferLength;
    }

    public boolean isAborted() {
        return aborted;
    }
}
