package io.quiver.handler.passthrough.impl;

import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoopGroup;
import io.quiver.handler.passthrough.PassThroughBackend;
import io.quiver.initiator.iscsi.ConnectionLostException;
import io.quiver.initiator.iscsi.IscsiSession;
import io.quiver.initiator.iscsi.SessionSettings;
import io.quiver.scsi.AdditionalSense;
import io.quiver.scsi.DataDirection;
import io.quiver.scsi.ScsiOpcode;
import io.quiver.scsi.SenseData;
import io.quiver.scsi.SenseKey;
import io.quiver.spi.device.DeviceTask;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A remote iSCSI LUN as pass-through backend, named {@code iscsi://host:port/iqn/lun}: one
 * {@link IscsiSession} kept up by a {@link BackendLink} (reconnects in the background), CHAP optional. Status,
 * sense and residuals go back unchanged; every way a command can fail between here and the device ends the
 * task with CHECK CONDITION (the sense constants below say which and why), never a hang: a command the
 * backend does not answer within the timeout fails and takes its hung connection down with it.
 * Thread-safe; never blocks (completions run on the session's event loop).
 */
final class IscsiBackend implements PassThroughBackend {

    /**
     * The backend cannot be reached (not logged in, reconnecting): NOT READY, LOGICAL UNIT COMMUNICATION
     * FAILURE, as {@link PassThroughBackend#execute} promises. Not 04h/01h (becoming ready), which initiators
     * retry without bound, while a backend may never come back.
     */
    static final SenseData UNREACHABLE = SenseData.of(SenseKey.NOT_READY, AdditionalSense.LOGICAL_UNIT_COMMUNICATION_FAILURE);
    /**
     * A command was in flight when its connection was lost or timed out: ABORTED COMMAND (SPC-4 4.5.6: the
     * device server aborted the command, the application client may recover by trying it again), LOGICAL
     * UNIT COMMUNICATION FAILURE. At ERL 0 the backend target ends such tasks with the session, so a retry
     * is right, and Linux's sd retries ABORTED COMMAND a few times.
     */
    static final SenseData IN_FLIGHT_LOST = SenseData.of(SenseKey.ABORTED_COMMAND, AdditionalSense.LOGICAL_UNIT_COMMUNICATION_FAILURE);
    /**
     * The backend answered, but with a status or sense this target cannot decode (unknown sense response
     * code, CHECK CONDITION without sense, a status SAM-5 does not define): HARDWARE ERROR, LOGICAL UNIT
     * COMMUNICATION FAILURE. Not ABORTED COMMAND: the command did run on the device and failed there, and a
     * retry would likely meet the same; only the reason got lost between the device and us.
     */
    static final SenseData MALFORMED_RESPONSE = SenseData.of(SenseKey.HARDWARE_ERROR, AdditionalSense.LOGICAL_UNIT_COMMUNICATION_FAILURE);

    /** SCST's long disk command timeout. */
    static final long LONG_TIMEOUT_MS = 3_600_000;

    private final long lun;
    private final long timeoutMs;
    private final BackendLink link;
    private final CopyListGuard copies = new CopyListGuard();
    private final DeviceChanges changes = new DeviceChanges(this::controlModePage);

    IscsiBackend(EventLoopGroup group, String initiatorName, String url, String chapUser, String chapSecret, long timeoutMs) {
        URI u = URI.create(url);
        if (!"iscsi".equals(u.getScheme()) || u.getHost() == null || u.getPath() == null) {
            throw new IllegalArgumentException("filename must be iscsi://host:port/iqn/lun: " + url);
        }
        String path = u.getPath().substring(1);
        int slash = path.lastIndexOf('/');
        if (slash <= 0) {
            throw new IllegalArgumentException("filename must be iscsi://host:port/iqn/lun: " + url);
        }
        this.lun = IscsiSession.lun(Integer.parseInt(path.substring(slash + 1)));
        this.timeoutMs = timeoutMs;
        boolean chap = chapUser != null && !chapUser.isEmpty();
        SessionSettings settings = new SessionSettings(u.getHost(), u.getPort() < 0 ? 3260 : u.getPort(), initiatorName,
                path.substring(0, slash), chap ? chapUser : null, chap ? chapSecret : null, null, null, false);
        this.link = new BackendLink(group, settings, lun, timeoutMs);
    }

    @Override
    public void execute(DeviceTask task) {
        if (task.direction() == DataDirection.BIDIRECTIONAL) {
            // Data-Out and Data-In in one command would need the bidirectional read length, which DeviceTask
            // does not carry; refusing it beats sending it as a write and dropping the data the device reads.
            task.fail(SenseData.invalidFieldInCdb(0, -1));
            return;
        }
        if (copies.refused(task)) {
            return;
        }
        link.session().whenComplete((s, e) -> {
            if (e != null) {
                task.fail(UNREACHABLE);
            } else if (task.direction() == DataDirection.OUT && task.expectedDataTransferLength() > 0) {
                task.receiveDataOut((int) task.expectedDataTransferLength()).thenAccept(out -> forward(s, task, out));
            } else if (task.direction() == DataDirection.OUT) {
                // A write with no data still goes out as a write (W bit), so the device reports its overflow.
                forward(s, task, task.alloc().directBuffer(0));
            } else {
                forward(s, task, null);
            }
        });
    }

    private void forward(IscsiSession s, DeviceTask task, ByteBuf dataOut) {
        copies.sent(task, dataOut);
        ByteBuf cdb = task.cdb().retainedDuplicate();
        long expected = task.expectedDataTransferLength();
        // A result that arrives after the timeout is released by the session (its future is already done).
        s.execute(lun, cdb, task.direction() == DataDirection.IN, (int) expected, dataOut)
                .orTimeout(timeoutMs(task.opcode()), TimeUnit.MILLISECONDS).whenComplete((r, e) -> {
                    if (e == null) {
                        BackendResults.complete(task, r, expected, changes);
                        return;
                    }
                    Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
                    if (cause instanceof TimeoutException || cause instanceof ConnectionLostException) {
                        link.lost(s, cause instanceof TimeoutException);
                    }
                    task.fail(IN_FLIGHT_LOST);
                });
    }

    /**
     * The timeout of one command: the configured one, but at least SCST's long disk timeout (an hour,
     * {@code SCST_GENERIC_DISK_LONG_TIMEOUT}) for commands whose time grows with the LU, not the transfer:
     * FORMAT UNIT, SANITIZE, VERIFY, WRITE SAME, UNMAP, SYNCHRONIZE CACHE, EXTENDED COPY, START STOP UNIT.
     */
    long timeoutMs(int opcode) {
        return switch (opcode) {
            case ScsiOpcode.FORMAT_UNIT, ScsiOpcode.SANITIZE, ScsiOpcode.VERIFY_10, ScsiOpcode.VERIFY_12, ScsiOpcode.VERIFY_16,
                    ScsiOpcode.WRITE_SAME_10, ScsiOpcode.WRITE_SAME_16, ScsiOpcode.UNMAP, ScsiOpcode.SYNCHRONIZE_CACHE_10,
                    ScsiOpcode.SYNCHRONIZE_CACHE_16, ScsiOpcode.EXTENDED_COPY, ScsiOpcode.START_STOP_UNIT
                    -> Math.max(timeoutMs, LONG_TIMEOUT_MS);
            default -> timeoutMs;
        };
    }

    /** What the real device reports about itself, for the core once it attached the device. */
    DeviceChanges changes() {
        return changes;
    }

    /** The device's Control page now, or {@code null} (no such page, or the backend is away). */
    private CompletableFuture<ControlModePage> controlModePage() {
        IscsiSession s = link.current();
        return s == null ? CompletableFuture.completedFuture(null)
                : BackendIdentity.dataIn(s, lun, ControlModePage.modeSense10(252)).thenApply(ControlModePage::parse);
    }

    /** Identity of the real device, once the backend answered (dev_disk registers its device then). */
    CompletableFuture<BackendIdentity> identified() {
        return link.identified();
    }

    /** The device's identity as of the latest login. */
    BackendIdentity identity() {
        return link.identity();
    }

    /** An I_T nexus of the pass-through LUN is gone: its EXTENDED COPY list identifiers too. */
    void nexusLost(long nexusId) {
        copies.nexusLost(nexusId);
    }

    /** LOGICAL UNIT RESET on the remote LUN; its outcome only matters to the backend's own commands. */
    @Override
    public void reset() {
        IscsiSession s = link.current();
        if (s != null) {
            s.logicalUnitReset(lun);
        }
    }

    @Override
    public void close() {
        link.close();
    }
}
