package io.quiver.transport.local;

import io.quiver.scsi.ScsiStatus;
import io.quiver.scsi.SenseData;

/**
 * What a loopback command ended with, as an initiator would see it: status, sense, data-in and the
 * residual the transport computed. The data is copied out of the core's buffer, which the loopback
 * transport released. Immutable.
 */
public final class LocalResponse {

    private final long tag;
    private final ScsiStatus status;
    private final SenseData sense;
    private final boolean descriptorSense;
    private final byte[] data;
    private final long residual;
    private final boolean aborted;

    LocalResponse(long tag, ScsiStatus status, SenseData sense, boolean descriptorSense, byte[] data, long residual,
            boolean aborted) {
        this.tag = tag;
        this.status = status;
        this.sense = sense;
        this.descriptorSense = descriptorSense;
        this.data = data;
        this.residual = residual;
        this.aborted = aborted;
    }

    public long tag() {
        return tag;
    }

    public ScsiStatus status() {
        return status;
    }

    /** Sense data of a CHECK CONDITION, else {@code null}. */
    public SenseData sense() {
        return sense;
    }

    /** The sense bytes as the initiator receives them (fixed or descriptor format), or an empty array. */
    public byte[] senseBytes() {
        return sense == null ? new byte[0] : sense.toBytes(descriptorSense);
    }

    public boolean descriptorSense() {
        return descriptorSense;
    }

    /** The data-in received (a copy). */
    public byte[] data() {
        return data.clone();
    }

    /** Data-in byte {@code i}, unsigned. */
    public int dataByte(int i) {
        return data[i] & 0xFF;
    }

    public int dataLength() {
        return data.length;
    }

    /** Residual count: positive for underflow, negative for overflow (as the SCSI response carries it). */
    public long residual() {
        return residual;
    }

    /** The command was aborted by task management and the initiator would have received nothing. */
    public boolean aborted() {
        return aborted;
    }

    @Override
    public String toString() {
        return aborted ? "aborted" : status + (sense != null ? " " + sense : "") + " data " + data.length
                + " residual " + residual;
    }
}
