package io.quiver.transport.srp.iu;

import io.netty.buffer.ByteBuf;
import io.quiver.scsi.TaskAttribute;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes and checks SRP_CMD. Stricter than ib_srpt's {@code srpt_get_desc_tbl}: the IU length must be
 * exactly what the additional CDB, the descriptors and the immediate data add up to; counts must match the
 * indirect descriptors' table lengths (a table not wholly inside the IU is refused, never fetched); an indirect
 * descriptor's total length must be the sum of its segments; reserved format and attribute codes are errors.
 */
final class CommandParser {

    private static final int TAG_END = 16;

    private CommandParser() {
    }

    static CommandIu parse(ByteBuf iu, int immediateDataOffset) throws SrpProtocolException {
        int base = iu.readerIndex();
        int length = iu.readableBytes();
        if (length < TAG_END) {
            throw SrpProtocolException.logout(TargetLogoutReason.NO_REASON, "IU length",
                    "an SRP_CMD of " + length + " bytes has no TAG");
        }
        long tag = iu.getLong(base + 8);
        if (length < Srp.CMD_LENGTH) {
            throw SrpProtocolException.invalidCommand(tag, "IU length", "SRP_CMD has at least 48 bytes, received " + length);
        }
        int addCdbField = iu.getUnsignedByte(base + 31);
        if ((addCdbField & 0x03) != 0) {
            throw SrpProtocolException.invalidCommand(tag, "ADDITIONAL CDB LENGTH", "reserved bits 1:0 are set");
        }
        int format = iu.getUnsignedByte(base + 5);
        int outFormat = format >> 4;
        int inFormat = format & 0x0F;
        int at = Srp.CMD_LENGTH + addCdbField;
        if (at > length) {
            throw SrpProtocolException.invalidCommand(tag, "ADDITIONAL CDB LENGTH",
                    addCdbField + " bytes do not fit in an IU of " + length);
        }
        TaskAttribute attribute = attribute(iu.getUnsignedByte(base + 29) & 0x07, tag);
        if ((iu.getUnsignedByte(base + 29) & 0xF8) != 0) {
            throw SrpProtocolException.invalidCommand(tag, "TASK ATTRIBUTE", "reserved bits 7:3 are set");
        }
        if (inFormat == DataBuffer.IMMEDIATE) {
            throw SrpProtocolException.invalidCommand(tag, "DATA-IN BUFFER DESCRIPTOR FORMAT",
                    "immediate data is for data-out only");
        }
        DescriptorReader reader = new DescriptorReader(iu, base, length, tag);
        DataBuffer out = reader.read(outFormat, iu.getUnsignedByte(base + 6), at, "DATA-OUT", immediateDataOffset);
        at += out.descriptorLength();
        DataBuffer in = reader.read(inFormat, iu.getUnsignedByte(base + 7), at, "DATA-IN", 0);
        at += in.descriptorLength();
        int expected = at;
        if (out.format() == DataBuffer.IMMEDIATE) {
            if (at > immediateDataOffset) {
                throw SrpProtocolException.invalidCommand(tag, "ADDITIONAL CDB LENGTH", "descriptors end at " + at
                        + ", past the immediate data offset " + immediateDataOffset);
            }
            expected = immediateDataOffset + (int) out.length();
            out = DataBuffer.immediate(iu.slice(base + immediateDataOffset, (int) out.length()));
        }
        if (length != expected) {
            throw SrpProtocolException.invalidCommand(tag, "IU length", "received " + length
                    + " bytes, the descriptors and data call for " + expected);
        }
        return new CommandIu((iu.getByte(base + 1) & Srp.SOLICITED_NOTIFICATION) != 0, tag, iu.getLong(base + 20),
                attribute, iu.slice(base + 32, 16 + addCdbField), out, in, immediateDataOffset);
    }

    private static TaskAttribute attribute(int code, long tag) throws SrpProtocolException {
        return switch (code) {
            case 0 -> TaskAttribute.SIMPLE;
            case 1 -> TaskAttribute.HEAD_OF_QUEUE;
            case 2 -> TaskAttribute.ORDERED;
            case 4 -> TaskAttribute.ACA;
            default -> throw SrpProtocolException.invalidCommand(tag, "TASK ATTRIBUTE", "reserved code " + code);
        };
    }

    static int attributeCode(TaskAttribute attribute) {
        return switch (attribute) {
            case SIMPLE -> 0;
            case HEAD_OF_QUEUE -> 1;
            case ORDERED -> 2;
            case ACA -> 4;
        };
    }

    /** Reads one direction's descriptor at a given offset, checking it against the IU. */
    private record DescriptorReader(ByteBuf iu, int base, int length, long tag) {

        DataBuffer read(int format, int count, int at, String dir, int immediateDataOffset) throws SrpProtocolException {
            String countField = dir + " BUFFER DESCRIPTOR COUNT";
            switch (format) {
                case DataBuffer.NONE -> {
                    requireCount(count == 0, countField, count, "no descriptor");
                    return DataBuffer.none();
                }
                case DataBuffer.DIRECT -> {
                    // Linux's ib_srp leaves the count 0 for a direct descriptor; 1 is what r16a's wording suggests.
                    requireCount(count <= 1, countField, count, "a direct descriptor");
                    fits(at, Srp.DIRECT_DESCRIPTOR_LENGTH, dir + " direct descriptor");
                    return DataBuffer.direct(DirectBuffer.get(iu, base + at));
                }
                case DataBuffer.INDIRECT -> {
                    return indirect(count, at, dir, countField);
                }
                case DataBuffer.IMMEDIATE -> {
                    requireCount(count == 0, countField, count, "immediate data");
                    if (immediateDataOffset == 0) {
                        throw SrpProtocolException.invalidCommand(tag, dir + " BUFFER DESCRIPTOR FORMAT",
                                "immediate data was not granted at login");
                    }
                    fits(at, Srp.IMMEDIATE_DESCRIPTOR_LENGTH, "immediate data descriptor");
                    long len = iu.getUnsignedInt(base + at);
                    if (len == 0 || immediateDataOffset + len > length) {
                        throw SrpProtocolException.invalidCommand(tag, "immediate DATA LENGTH", len
                                + " bytes at offset " + immediateDataOffset + " do not fit in an IU of " + length);
                    }
                    return new DataBuffer(DataBuffer.IMMEDIATE, null, List.of(), len, null);
                }
                default -> throw SrpProtocolException.invalidCommand(tag, dir + " BUFFER DESCRIPTOR FORMAT",
                        "reserved format " + format);
            }
        }

        private DataBuffer indirect(int count, int at, String dir, String countField) throws SrpProtocolException {
            requireCount(count >= 1, countField, count, "an indirect descriptor");
            fits(at, Srp.INDIRECT_HEADER_LENGTH + count * Srp.DIRECT_DESCRIPTOR_LENGTH, dir + " indirect descriptor");
            DirectBuffer table = DirectBuffer.get(iu, base + at);
            if (table.length() % Srp.DIRECT_DESCRIPTOR_LENGTH != 0) {
                throw SrpProtocolException.invalidCommand(tag, dir + " descriptor table DATA LENGTH",
                        table.length() + " is not a multiple of 16");
            }
            if (table.length() != (long) count * Srp.DIRECT_DESCRIPTOR_LENGTH) {
                throw SrpProtocolException.invalidCommand(tag, countField, count + " descriptors in the IU, the table"
                        + " holds " + table.length() / 16 + (table.length() / 16 > count
                                ? " (external descriptor tables are not fetched)" : ""));
            }
            List<DirectBuffer> segments = new ArrayList<>(count);
            long total = 0;
            for (int k = 0; k < count; k++) {
                DirectBuffer d = DirectBuffer.get(iu, base + at + Srp.INDIRECT_HEADER_LENGTH + k * 16);
                segments.add(d);
                total += d.length();
            }
            long announced = iu.getUnsignedInt(base + at + 16);
            if (announced != total) {
                throw SrpProtocolException.invalidCommand(tag, dir + " TOTAL LENGTH", announced
                        + " is not the sum " + total + " of the descriptors");
            }
            return new DataBuffer(DataBuffer.INDIRECT, table, segments, total, null);
        }

        private void requireCount(boolean ok, String field, int count, String what) throws SrpProtocolException {
            if (!ok) {
                throw SrpProtocolException.invalidCommand(tag, field, count + " is not valid for " + what);
            }
        }

        private void fits(int at, int size, String what) throws SrpProtocolException {
            if (at + size > length) {
                throw SrpProtocolException.invalidCommand(tag, "IU length", what + " ends at " + (at + size)
                        + ", past the IU's " + length + " bytes");
            }
        }
    }
}
