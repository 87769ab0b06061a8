package io.quiver.handler.passthrough.impl;

import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoopGroup;
import io.quiver.handler.passthrough.PassThroughBackend;
import io.quiver.initiator.iscsi.IscsiSession;
import io.quiver.initiator.iscsi.ScsiResult;
import io.quiver.initiator.iscsi.SessionSettings;
import io.quiver.scsi.AdditionalSense;
import io.quiver.scsi.DataDirection;
import io.quiver.scsi.ScsiStatus;
import io.quiver.scsi.SenseData;
import io.quiver.scsi.SenseKey;
import io.quiver.spi.device.DeviceTask;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A remote iSCSI LUN as pass-through backend, named {@code iscsi://host:port/iqn/lun}: one
 * {@link IscsiSession} (logged in on first use, again after a lost connection), CHAP optional. Status, sense
 * and residuals go back unchanged; a command the session cannot carry completes with NOT READY, LOGICAL UNIT
 * COMMUNICATION FAILURE. Thread-safe; never blocks (completions run on the session's event loop).
 */
final class IscsiBackend implements PassThroughBackend {

    static final SenseData COMMUNICATION_FAILURE =
            SenseData.of(SenseKey.NOT_READY, AdditionalSense.LOGICAL_UNIT_COMMUNICATION_FAILURE);

    private final long lun;
    private final EventLoopGroup group;
    private final SessionSettings settings;
    private volatile CompletableFuture<IscsiSession> login;

    IscsiBackend(EventLoopGroup group, String initiatorName, String url, String chapUser, String chapSecret) {
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
        boolean chap = chapUser != null && !chapUser.isEmpty();
        this.group = group;
        this.settings = new SessionSettings(u.getHost(), u.getPort() < 0 ? 3260 : u.getPort(), initiatorName,
                path.substring(0, slash), chap ? chapUser : null, chap ? chapSecret : null, null, null, false);
        this.login = IscsiSession.login(group, settings);
    }

    @Override
    public void execute(DeviceTask task) {
        session().whenComplete((s, e) -> {
            if (e != null) {
                task.fail(COMMUNICATION_FAILURE);
            } else if (task.direction() == DataDirection.OUT && task.expectedDataTransferLength() > 0) {
                task.receiveDataOut((int) task.expectedDataTransferLength()).thenAccept(out -> forward(s, task, out));
            } else {
                forward(s, task, null);
            }
        });
    }

    /** The session; a login that failed (backend down at start) is tried again by the next command. */
    private synchronized CompletableFuture<IscsiSession> session() {
        if (login.isCompletedExceptionally()) {
            login = IscsiSession.login(group, settings);
        }
        return login;
    }

    private void forward(IscsiSession s, DeviceTask task, ByteBuf dataOut) {
        ByteBuf cdb = task.cdb().retainedDuplicate();
        long expected = task.expectedDataTransferLength();
        s.execute(lun, cdb, task.direction() == DataDirection.IN, (int) expected, dataOut).whenComplete((r, e) -> {
            if (e != null) {
                task.fail(COMMUNICATION_FAILURE);
            } else {
                complete(task, r, expected);
            }
        });
    }

    private static void complete(DeviceTask task, ScsiResult r, long expected) {
        SenseData sense = r.sense().readableBytes() >= 8 ? SenseData.raw(r.sense()) : null;
        r.sense().release();
        ScsiStatus status = ScsiStatus.fromCode(r.status());
        // The length the device's CDB called for, from the residual the device reported.
        long transfer = r.underflow() ? expected - r.residual() : r.overflow() ? expected + r.residual() : expected;
        ByteBuf dataIn = r.dataIn().isReadable() ? r.dataIn() : null;
        if (dataIn == null) {
            r.dataIn().release();
        }
        task.complete(status, sense, dataIn, task.direction() == DataDirection.IN ? Math.max(transfer, 0) : transfer);
    }

    /** LOGICAL UNIT RESET on the remote LUN; its outcome only matters to the backend's own commands. */
    @Override
    public void reset() {
        session().thenAccept(s -> s.logicalUnitReset(lun));
    }

    @Override
    public void close() {
        login.thenAccept(s -> s.logout().orTimeout(5, TimeUnit.SECONDS));
        login.cancel(false);
    }
}
