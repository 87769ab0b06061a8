package io.quiver.sbc.impl;

import io.netty.buffer.ByteBuf;
import io.quiver.scsi.AdditionalSense;
import io.quiver.scsi.SenseBuilder;
import io.quiver.scsi.SenseKey;
import io.quiver.spi.device.DeviceContext;
import io.quiver.spi.device.DeviceTask;
import io.quiver.spi.device.ScsiDevice;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * EXTENDED COPY (LID1) with identification descriptor target descriptors (E4h) and block-to-block
 * segment descriptors (02h) (SPC-4 6.4), within this device and across the target's SBC devices, plus
 * RECEIVE COPY RESULTS through {@link CopyResults}. Targets are resolved by designator: this device's
 * own NAA/EUI-64 first, then {@code DeviceContext.findDevice}. The parameter list is validated as a
 * whole (limits, descriptor types) before any block moves; each segment then holds the destination
 * range in the destination device's {@link RangeLock}. The copy runs on the device's I/O executor since
 * either side may block. Thread-safe.
 */
final class ExtendedCopy {

    static final int MAX_TARGET_DESCRIPTORS = 8;
    static final int MAX_SEGMENT_DESCRIPTORS = 8;
    static final int MAX_DESCRIPTOR_LIST_LENGTH = 512;
    static final int MAX_SEGMENT_BYTES = 256 << 20;
    private static final int HEADER = 16;
    private static final int TARGET_DESCRIPTOR = 32;

    private record Segment(int source, int destination, int blocks, long sourceLba, long destinationLba) {
    }

    private final SbcEngine e;
    private final Function<Object, SbcEngine> engineOf;
    private final CopyResults results;

    ExtendedCopy(SbcEngine e, Function<Object, SbcEngine> engineOf) {
        this.e = e;
        this.engineOf = engineOf;
        this.results = new CopyResults(e);
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
        if (length < HEADER || length > HEADER + MAX_DESCRIPTOR_LIST_LENGTH) {
            throw Senses.parameterListLength();
        }
        e.dataOut(task, (int) length, data -> {
            ByteBuf list = data.slice(data.readerIndex(), (int) length);
            int listId = list.getUnsignedByte(0);
            List<Segment> segments = new ArrayList<>();
            SbcEngine[] targets = parse(task, list, segments);
            List<Segment> plan = List.copyOf(segments);
            results.started(listId);
            e.ioExecutor.execute(() -> run(task, listId, targets, plan, 0, 0));
        }, () -> { });
    }

    /** Validates the parameter list and resolves its targets; fills {@code segments}. */
    private SbcEngine[] parse(DeviceTask task, ByteBuf list, List<Segment> segments) throws SenseException {
        int targetLength = list.getUnsignedShort(2);
        long segmentLength = list.getUnsignedInt(8);
        long inlineLength = list.getUnsignedInt(12);
        if (targetLength + segmentLength > MAX_DESCRIPTOR_LIST_LENGTH
                || HEADER + targetLength + segmentLength + inlineLength > list.readableBytes()) {
            throw Senses.parameterListLength();
        }
        if (inlineLength != 0) {
            throw Senses.invalidParameter(12, -1);
        }
        if (targetLength % TARGET_DESCRIPTOR != 0) {
            throw Senses.invalidParameter(2, -1);
        }
        int targetCount = targetLength / TARGET_DESCRIPTOR;
        if (targetCount > MAX_TARGET_DESCRIPTORS) {
            throw Senses.illegal(AdditionalSense.TOO_MANY_TARGET_DESCRIPTORS);
        }
        int end = HEADER + targetLength + (int) segmentLength;
        for (int off = HEADER + targetLength; off < end;) {
            if (segments.size() == MAX_SEGMENT_DESCRIPTORS) {
                throw Senses.illegal(AdditionalSense.TOO_MANY_SEGMENT_DESCRIPTORS);
            }
            if (list.getUnsignedByte(off) != 0x02) {
                throw Senses.illegal(AdditionalSense.UNSUPPORTED_SEGMENT_DESCRIPTOR_TYPE_CODE);
            }
            if (list.getUnsignedShort(off + 2) != 0x18 || off + 28 > end) {
                throw Senses.invalidParameter(off + 2, -1);
            }
            segments.add(new Segment(list.getUnsignedShort(off + 4), list.getUnsignedShort(off + 6),
                    list.getUnsignedShort(off + 10), list.getLong(off + 12), list.getLong(off + 20)));
            off += 28;
        }
        SbcEngine[] targets = new SbcEngine[targetCount];
        for (int i = 0; i < targetCount; i++) {
            targets[i] = resolve(list, HEADER + i * TARGET_DESCRIPTOR);
        }
        return targets;
    }

    private SbcEngine resolve(ByteBuf list, int off) throws SenseException {
        if (list.getUnsignedByte(off) != 0xE4) {
            throw Senses.illegal(AdditionalSense.UNSUPPORTED_TARGET_DESCRIPTOR_TYPE_CODE);
        }
        int flags = list.getUnsignedByte(off + 1);
        if ((flags >>> 6) != 0) {
            // libiscsi expects INVALID FIELD IN CDB for a reserved LU ID TYPE.
            throw Senses.invalidCdb(1, -1);
        }
        if ((flags & 0x20) != 0) {
            throw Senses.copyAborted(AdditionalSense.COPY_TARGET_DEVICE_NOT_REACHABLE); // NUL
        }
        int designatorLength = Math.min(list.getUnsignedByte(off + 7), 20);
        byte[] designator = new byte[designatorLength];
        list.getBytes(off + 8, designator);
        if (Arrays.equals(designator, e.descriptor.naaId()) || Arrays.equals(designator, e.descriptor.eui64Id())) {
            return e;
        }
        DeviceContext ctx = e.context;
        Optional<ScsiDevice> found = ctx == null ? Optional.empty() : ctx.findDevice(designator);
        SbcEngine engine = found.map(engineOf).orElse(null);
        if (engine == null) {
            throw Senses.copyAborted(AdditionalSense.COPY_TARGET_DEVICE_NOT_REACHABLE);
        }
        return engine;
    }

    /** Runs segment {@code index} and, from its completion, the next ones; ends the task. */
    private void run(DeviceTask task, int listId, SbcEngine[] targets, List<Segment> plan, int index,
            long blocksDone) {
        if (index == plan.size()) {
            results.finished(listId, true, index, blocksDone);
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
            results.finished(listId, false, index, blocksDone);
            task.fail(ex.sense());
            return;
        }
        if (s.blocks() == 0) {
            run(task, listId, targets, plan, index + 1, blocksDone);
            return;
        }
        dst.rangeLock.acquire(s.destinationLba(), s.blocks(), grant -> e.ioExecutor.execute(() -> {
            boolean ok = false;
            try {
                copy(task, src, dst, s);
                ok = true;
            } catch (Exception ex) {
                results.finished(listId, false, index, blocksDone);
                e.guard(task, () -> {
                    throw ex;
                });
            } finally {
                grant.release();
            }
            if (ok) {
                run(task, listId, targets, plan, index + 1, blocksDone + s.blocks());
            }
        }));
    }

    private static SbcEngine target(SbcEngine[] targets, int index) throws SenseException {
        if (index >= targets.length) {
            throw new SenseException(new SenseBuilder(SenseKey.COPY_ABORTED,
                    AdditionalSense.INVALID_FIELD_IN_PARAMETER_LIST).build());
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
            throw Senses.copyAborted(AdditionalSense.LOGICAL_BLOCK_ADDRESS_OUT_OF_RANGE);
        }
        if (dst.descriptor.readOnly() || (dst == e && task.writeProtected())) {
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
