package io.quiver.sbc.impl;

import io.netty.buffer.ByteBuf;
import io.quiver.scsi.AdditionalSense;
import io.quiver.spi.device.DeviceContext;
import io.quiver.spi.device.ScsiDevice;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * An EXTENDED COPY (LID1) parameter list (SPC-4 6.4.3), validated as a whole: its limits, identification
 * descriptor target descriptors (E4h, resolved by designator: this device's own NAA/EUI-64 first, then
 * {@code DeviceContext.findDevice}, which knows every designator VPD 83h reports, the T10 vendor ID one too) and block-to-block segment descriptors (02h). Sense codes follow
 * what libiscsi's EXTENDED COPY tests expect. Immutable.
 *
 * @param targets the SBC devices the target descriptors name, by index
 * @param segments the segments in order
 */
record CopyParameters(SbcEngine[] targets, List<CopyParameters.Segment> segments) {

    static final int MAX_TARGET_DESCRIPTORS = 8;
    static final int MAX_SEGMENT_DESCRIPTORS = 8;
    static final int MAX_DESCRIPTOR_LIST_LENGTH = 512;
    static final int HEADER = 16;
    private static final int TARGET_DESCRIPTOR = 32;

    /** A block-to-block segment descriptor. */
    record Segment(int source, int destination, int blocks, long sourceLba, long destinationLba) {
    }

    /** Validates a whole parameter list and resolves its targets. */
    static CopyParameters parse(SbcEngine e, Function<Object, SbcEngine> engineOf, ByteBuf list)
            throws SenseException {
        List<Segment> segments = new ArrayList<>();
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
            targets[i] = resolve(e, engineOf, list, HEADER + i * TARGET_DESCRIPTOR);
        }
        return new CopyParameters(targets, List.copyOf(segments));
    }

    private static SbcEngine resolve(SbcEngine e, Function<Object, SbcEngine> engineOf, ByteBuf list, int off)
            throws SenseException {
        if (list.getUnsignedByte(off) != 0xE4) {
            throw Senses.illegal(AdditionalSense.UNSUPPORTED_TARGET_DESCRIPTOR_TYPE_CODE);
        }
        int flags = list.getUnsignedByte(off + 1);
        // LU ID TYPE (bits 7-6) qualifies a LU IDENTIFIER field, which an identification descriptor does not
        // have: the designator names the LU, so the field is ignored (SPC-4; we report version 6).
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

}
