package io.quiver.sbc.impl;

import io.netty.buffer.ByteBuf;
import io.quiver.scsi.ScsiOpcode;
import io.quiver.spi.device.DeviceTask;

/**
 * The Third-party Copy VPD page (SPC-4 7.8.17) of a copy manager that implements EXTENDED COPY (LID1)
 * only: the five descriptors SPC-4 requires for it (Supported Commands, Parameter Data, Supported
 * Descriptors, Supported CSCD Descriptor IDs, General Copy Operations), each padded to a multiple of four
 * bytes, with the limits {@link CopyParameters}, {@link ExtendedCopy} and {@link CopyResults} enforce and
 * report in OPERATING PARAMETERS. Stateless; thread-safe.
 */
final class ThirdPartyCopyPage {

    static final int PAGE = 0x8F;

    private static final int SUPPORTED_COMMANDS = 0x0001;
    private static final int PARAMETER_DATA = 0x0004;
    private static final int SUPPORTED_DESCRIPTORS = 0x0008;
    private static final int SUPPORTED_CSCD_IDS = 0x000C;
    private static final int GENERAL_COPY_OPERATIONS = 0x8001;

    private ThirdPartyCopyPage() {
    }

    /** The whole page for {@code e}, in a buffer of {@code task}'s allocator. */
    static ByteBuf page(DeviceTask task, SbcEngine e) {
        ByteBuf out = TaskFlow.dataIn(task, 104);
        int start = out.writerIndex();
        out.writeByte(e.descriptor.type().code()).writeByte(PAGE).writeShort(0);

        int commands = descriptor(out, SUPPORTED_COMMANDS);
        out.writeByte(8); // COMMANDS SUPPORTED LIST LENGTH
        out.writeByte(ScsiOpcode.EXTENDED_COPY).writeByte(1).writeByte(0x00); // LID1
        out.writeByte(ScsiOpcode.RECEIVE_COPY_RESULTS).writeByte(3).writeByte(ScsiOpcode.RCR_COPY_STATUS)
                .writeByte(ScsiOpcode.RCR_OPERATING_PARAMETERS).writeByte(ScsiOpcode.RCR_FAILED_SEGMENT_DETAILS);
        end(out, commands);

        int parameters = descriptor(out, PARAMETER_DATA);
        out.writeZero(4);
        out.writeShort(CopyParameters.MAX_TARGET_DESCRIPTORS);
        out.writeShort(CopyParameters.MAX_SEGMENT_DESCRIPTORS);
        out.writeInt(CopyParameters.MAX_DESCRIPTOR_LIST_LENGTH);
        out.writeInt(0); // MAXIMUM INLINE DATA LENGTH: no inline data segments
        out.writeZero(12);
        end(out, parameters);

        int descriptors = descriptor(out, SUPPORTED_DESCRIPTORS);
        out.writeByte(CopyResults.DESCRIPTOR_TYPE_CODES.length).writeBytes(CopyResults.DESCRIPTOR_TYPE_CODES);
        end(out, descriptors);

        // No CSCD descriptor IDs (such as FFFFh, "this logical unit"): targets are named by designators.
        int ids = descriptor(out, SUPPORTED_CSCD_IDS);
        out.writeShort(0);
        end(out, ids);

        int general = descriptor(out, GENERAL_COPY_OPERATIONS);
        out.writeInt(CopyResults.CONCURRENT_COPIES); // TOTAL CONCURRENT COPIES
        out.writeInt(CopyResults.CONCURRENT_COPIES); // MAXIMUM IDENTIFIED CONCURRENT COPIES
        out.writeInt(ExtendedCopy.MAX_SEGMENT_BYTES);
        out.writeByte(Integer.numberOfTrailingZeros(e.blockSize())); // DATA SEGMENT GRANULARITY (log2)
        out.writeByte(0); // INLINE DATA GRANULARITY
        out.writeZero(18);
        end(out, general);

        out.setShort(start + 2, out.writerIndex() - start - 4);
        return out;
    }

    /** Writes a descriptor's type and a length to fill in; returns where the descriptor starts. */
    private static int descriptor(ByteBuf out, int type) {
        int at = out.writerIndex();
        out.writeShort(type).writeShort(0);
        return at;
    }

    /** Pads the descriptor begun at {@code at} to a multiple of four bytes and sets its length. */
    private static void end(ByteBuf out, int at) {
        int length = out.writerIndex() - at - 4;
        int padded = (length + 3) & ~3;
        out.writeZero(padded - length);
        out.setShort(at + 2, padded);
    }
}
