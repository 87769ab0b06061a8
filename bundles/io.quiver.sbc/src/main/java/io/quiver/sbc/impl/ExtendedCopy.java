package io.quiver.sbc.impl;

import io.netty.buffer.ByteBuf;
import io.quiver.scsi.AdditionalSense;
import io.quiver.sbc.impl.CopyParameters.Segment;
import io.quiver.spi.device.DeviceTask;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;

/**
 * EXTENDED COPY (LID1) with identification descriptor target descriptors (E4h) and block-to-block
 * segment descriptors (02h) (SPC-4 6.4), within this device and across the target's SBC devices, plus
 * RECEIVE COPY RESULTS through {@link CopyResults}. The parameter list is validated and its targets
 * resolved as a whole by {@link CopyParameters} before any block moves; each segment then holds the
 * destination range in the destination device's {@link RangeLock}. The copy runs on the device's I/O executor since
 * either side may block. Thread-safe.
 */
final class ExtendedCopy {

    static final int MAX_SEGMENT_BYTES = 256 << 20;

    private final SbcEngine e;
    private final Function<Object, SbcEngine> engineOf;
    private final CopyResults results;

    ExtendedCopy(SbcEngine e, Function<Object, SbcEngine> engineOf) {
        this.e = e;
        this.engineOf = engineOf;
        this.results = e.copyResults;
    }

    void receiveCopyResults(DeviceTask task) throws Exception {
        results.receive(task);
    }

    void extendedCopy(DeviceTask task) throws Exception {
        ByteBuf cdb = task.cdb();
        if ((Cdb.u8(cdb, 1) & 0x1F) != 0) {
            throw Senses.invalidCdb(1, 4); // only LID1
        }
        long length = Cdb.u32(cdb, 10);
        if (length == 0) {
            task.complete();
            return;
        }
        if (length < CopyParameters.HEADER
                || length > CopyParameters.HEADER + CopyParameters.MAX_DESCRIPTOR_LIST_LENGTH) {
            throw Senses.parameterListLength();
        }
        e.flow.dataOut(task, (int) length, data -> {
            ByteBuf list = data.slice(data.readerIndex(), (int) length);
            int listId = list.getUnsignedByte(0);
            CopyParameters p = CopyParameters.parse(e, engineOf, list);
            SbcEngine[] targets = p.targets();
            List<Segment> plan = p.segments();
            results.started(task, listId);
            e.ioExecutor.execute(() -> run(task, listId, targets, plan, 0, 0));
        }, () -> { });
    }

    /** Runs segment {@code index} and, from its completion, the next ones; ends the task. */
    private void run(DeviceTask task, int listId, SbcEngine[] targets, List<Segment> plan, int index,
            long blocksDone) {
        if (index == plan.size()) {
            results.finished(task, listId, null, index, blocksDone);
            task.complete();
            return;
        }
        Segment s = plan.get(index);
        SbcEngine src;
        SbcEngine dst;
        try {
            src = target(targets, s.source());
            dst = target(targets, s.destination());
            check(task, s, src, dst);
        } catch (SenseException ex) {
            results.finished(task, listId, ex.sense(), index, blocksDone);
            task.fail(ex.sense());
            return;
        }
        if (s.blocks() == 0) {
            run(task, listId, targets, plan, index + 1, blocksDone);
            return;
        }
        dst.rangeLock.acquire(s.destinationLba(), s.blocks(), grant -> {
            try {
                e.ioExecutor.execute(() -> segment(task, listId, targets, plan, index, blocksDone, grant));
            } catch (RejectedExecutionException closed) {
                grant.release();
                results.finished(task, listId, Senses.internalFailure(), index, blocksDone);
                task.fail(Senses.internalFailure());
            }
        });
    }

    /** Copies segment {@code index} holding its destination range, then goes on with the next. */
    private void segment(DeviceTask task, int listId, SbcEngine[] targets, List<Segment> plan, int index,
            long blocksDone, RangeLock.Grant grant) {
        Segment s = plan.get(index);
        boolean ok = false;
        try {
            copy(task, targets[s.source()], targets[s.destination()], s);
            ok = true;
        } catch (Exception ex) {
            results.finished(task, listId, Senses.ofWrite(ex), index, blocksDone);
            e.flow.guard(task, () -> {
                throw ex;
            });
        } finally {
            grant.release();
        }
        if (ok) {
            run(task, listId, targets, plan, index + 1, blocksDone + s.blocks());
        }
    }

    private static SbcEngine target(SbcEngine[] targets, int index) throws SenseException {
        if (index >= targets.length) {
            // A segment naming a target descriptor the list does not have names no reachable copy target.
            throw Senses.copyAborted(AdditionalSense.COPY_TARGET_DEVICE_NOT_REACHABLE);
        }
        return targets[index];
    }

    private void check(DeviceTask task, Segment s, SbcEngine src, SbcEngine dst) throws SenseException {
        if (src.blockSize() != dst.blockSize() || (long) s.blocks() * src.blockSize() > MAX_SEGMENT_BYTES) {
            throw Senses.copyAborted(AdditionalSense.INVALID_FIELD_IN_PARAMETER_LIST);
        }
        try {
            src.checkRange(s.sourceLba(), s.blocks());
            dst.checkRange(s.destinationLba(), s.blocks());
        } catch (SenseException range) {
            // The copy target would refuse the range; libiscsi (ValidSegDescr) accepts only NO ADDITIONAL
            // SENSE INFORMATION, UNREACHABLE COPY TARGET or COPY TARGET DEVICE NOT REACHABLE here.
            throw Senses.copyAborted(AdditionalSense.NO_ADDITIONAL_SENSE_INFORMATION);
        }
        if (dst.descriptor.readOnly() || dst.modePages.softwareWriteProtect()
                || (dst == e && task.writeProtected())) {
            throw Senses.writeProtected();
        }
    }

    private static void copy(DeviceTask task, SbcEngine src, SbcEngine dst, Segment s) throws Exception {
        int bs = src.blockSize();
        int chunk = Fill.CHUNK_BYTES / bs;
        ByteBuf buf = task.alloc().directBuffer(chunk * bs);
        try {
            for (long done = 0; done < s.blocks(); done += chunk) {
                int n = (int) Math.min(chunk, s.blocks() - done);
                buf.clear();
                src.store.read(s.sourceLba() + done, n, buf);
                dst.store.write(s.destinationLba() + done, buf, dst.durable(false));
            }
        } finally {
            buf.release();
        }
    }
}
