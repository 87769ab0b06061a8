package io.quiver.spi.device;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.quiver.scsi.DataDirection;
import io.quiver.scsi.ScsiStatus;
import io.quiver.scsi.SenseData;
import java.util.concurrent.CompletionStage;
import org.osgi.annotation.versioning.ProviderType;

/**
 * One command the core forwards to a device (SCST's {@code scst_cmd} as a handler sees it). Implemented
 * by the core; the device ends it with exactly one of the {@code complete}/{@code fail} methods, from any
 * thread. Getters are thread-safe and cheap.
 */
@ProviderType
public interface DeviceTask {

    /** The CDB (readable bytes only). Valid until the task is completed; the device must not release it. */
    ByteBuf cdb();

    /** The operation code, {@code cdb().getUnsignedByte(cdb().readerIndex())}. */
    int opcode();

    /**
     * The I_T nexus the task came from: an opaque number, unique in the core and stable for the nexus'
     * lifetime (never reused while the core runs), so a device can keep per-nexus state (PREVENT ALLOW
     * MEDIUM REMOVAL, EXTENDED COPY list identifiers) keyed by it and drop that state when
     * {@link ScsiDevice#nexusLost(long)} names the same number.
     */
    long nexusId();

    /** The LUN the initiator addressed, as a flat number (0..16383 for peripheral and flat addressing). */
    int lun();

    /** The direction the initiator announced. */
    DataDirection direction();

    /**
     * The initiator's expected data transfer length. The device produces data-in up to its allocation
     * length; the core and transport truncate to this and report residuals, so devices need not.
     */
    long expectedDataTransferLength();

    /**
     * Whether the LUN is write-protected for this nexus (the LUN's or device's read-only attribute): the
     * device must fail medium-changing commands with DATA PROTECT, WRITE PROTECTED and set WP in mode
     * parameter headers.
     */
    boolean writeProtected();

    /** Pooled, direct allocator for data-in buffers. */
    ByteBufAllocator alloc();

    /**
     * Fetches {@code length} bytes of data-out from the initiator (SCST's {@code rdy_to_xfer}). At most
     * once per task. The stage completes with a buffer of exactly {@code length} readable bytes, owned
     * by the device from then on (it releases it once), or exceptionally if the transfer failed (the
     * task is then already finished and the device must not complete it). Completion may run on a Netty
     * event loop: a blocking device hands the rest of its work to its own thread.
     *
     * @throws IllegalArgumentException if {@code length} exceeds {@link #expectedDataTransferLength()}
     */
    CompletionStage<ByteBuf> receiveDataOut(int length);

    /** Whether a task management function aborted this task; a long operation should stop and complete. */
    boolean isAborted();

    /** GOOD, no data. */
    void complete();

    /**
     * GOOD with data-in; ownership of {@code dataIn} passes to the core.
     *
     * @param dataIn the data, at most the CDB's allocation length
     */
    void complete(ByteBuf dataIn);

    /**
     * Any status with optional sense and data-in (CONDITION MET, BUSY, a CHECK CONDITION with data for a
     * partial transfer). Ownership of {@code dataIn} (may be {@code null}) passes to the core.
     *
     * @param transferLength for data-out commands the bytes the CDB called for; otherwise ignored
     */
    void complete(ScsiStatus status, SenseData sense, ByteBuf dataIn, long transferLength);

    /** CHECK CONDITION with the given sense. */
    void fail(SenseData sense);
}
