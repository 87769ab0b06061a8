package io.quiver.spi.target;

import io.netty.buffer.ByteBuf;
import io.quiver.scsi.DataDirection;
import io.quiver.scsi.TaskAttribute;
import java.util.concurrent.CompletionStage;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * One SCSI command as the transport received it, submitted through {@link Session#submit(ScsiCommand)}.
 * Implemented by transports; the object lives until {@link #complete(CommandResponse)} returns.
 *
 * <p>The getters are called from any thread and must be cheap and non-blocking; their values must not
 * change after submission.
 */
@ConsumerType
public interface ScsiCommand {

    /** MUST: the 8-byte LUN field (SAM-5 4.7) as the initiator sent it, big-endian in a long. */
    long lun();

    /**
     * MUST: the CDB (6 to 260 readable bytes). Transports whose CDB field has a fixed size (iSCSI's 16
     * bytes plus any extended CDB AHS) may pass it whole with trailing zero padding: the core takes the
     * CDB's length from its operation code group (SPC-4 4.2.5). The buffer stays valid until
     * {@link #complete} and is owned by the transport: the core neither releases nor retains it.
     */
    ByteBuf cdb();

    /** MUST: the initiator's task tag, unique among the nexus' commands in flight (ABORT TASK refers to it). */
    long tag();

    /** MUST: the task attribute. */
    TaskAttribute taskAttribute();

    /** OPTIONAL: the command priority, 0 (none) to 15. */
    default int priority() {
        return 0;
    }

    /** MUST: the direction the initiator announced. */
    DataDirection direction();

    /**
     * MUST: the expected data transfer length the initiator announced, in bytes: the most data-in it
     * accepts, or the data-out it will send.
     */
    long expectedDataTransferLength();

    /**
     * MUST for transports that carry writes (SCST's {@code rdy_to_xfer}): obtain {@code length} bytes of
     * data-out, starting at buffer offset 0, using any immediate or unsolicited data first and asking for
     * the rest (R2T, RDMA READ, XFER_RDY). {@code length} never exceeds
     * {@link #expectedDataTransferLength()}. Called at most once per command, from any thread; must not
     * block.
     *
     * <p>The stage completes with a buffer of exactly {@code length} readable bytes whose ownership passes
     * to the core (which releases it once), or exceptionally if the data cannot be had (connection lost,
     * command aborted); on the transport's own thread is fine.
     */
    CompletionStage<ByteBuf> receiveDataOut(int length);

    /**
     * MUST (SCST's {@code xmit_response}): the command has finished; send its status, sense and data-in to
     * the initiator, computing residuals against {@link #expectedDataTransferLength()} from
     * {@link CommandResponse#transferLength()}. Called exactly once per submitted command, from any
     * thread; must not block. Ownership of the response's data-in buffer passes to the transport, which
     * releases it once, also when the connection is gone. A response that
     * {@link CommandResponse#isAborted()} is sent nothing for (the command was aborted by a task
     * management function); the transport only frees what it holds.
     */
    void complete(CommandResponse response);
}
