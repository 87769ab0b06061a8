package io.quiver.transport.fcoe.impl.frame;

import io.netty.buffer.ByteBuf;
import java.util.zip.CRC32;

/**
 * Encodes and decodes whole FCoE Ethernet frames (FC-BB-6 7.8): Ethernet header with ethertype 0x8906, the
 * 14-byte FCoE header (version 0, reserved bytes, SOF), the FC frame with fill bytes to a word boundary, its
 * CRC-32 (little-endian, as on the wire) and the EOF trailer. Stateless; CRC objects are per call.
 */
public final class FcoeCodec {

    public static final int ETHERTYPE_FCOE = 0x8906;
    public static final int ETHERNET_HEADER = 14;
    public static final int FCOE_HEADER = 14;
    public static final int TRAILER = 8;
    /** Bytes around an FC frame's header and payload: Ethernet, FCoE header, CRC and EOF. */
    public static final int OVERHEAD = ETHERNET_HEADER + FCOE_HEADER + TRAILER;

    private FcoeCodec() {
    }

    /**
     * Decodes {@code frame}'s readable bytes (a whole Ethernet frame) without consuming them.
     *
     * @throws MalformedFrameException if it is short, not FCoE version 0, has an invalid SOF/EOF or a bad CRC
     */
    public static FcoeFrame decode(ByteBuf frame) throws MalformedFrameException {
        int at = frame.readerIndex();
        int length = frame.readableBytes();
        if (length < OVERHEAD + FcHeader.LENGTH) {
            throw new MalformedFrameException("short FCoE frame: " + length + " bytes");
        }
        if (frame.getUnsignedShort(at + 12) != ETHERTYPE_FCOE) {
            throw new MalformedFrameException("not FCoE: ethertype 0x" + Integer.toHexString(frame.getUnsignedShort(at + 12)));
        }
        int version = frame.getUnsignedByte(at + ETHERNET_HEADER) >> 4;
        if (version != 0) {
            throw new MalformedFrameException("FCoE version " + version);
        }
        int sof = frame.getUnsignedByte(at + ETHERNET_HEADER + 13);
        int fc = at + ETHERNET_HEADER + FCOE_HEADER;
        // Ethernet may pad short frames: the EOF sits after the CRC, found from the end only without padding,
        // so FC frames are located by their CRC word: every FCoE frame here is at least 60 bytes already.
        int end = at + length - TRAILER;
        int eof = frame.getUnsignedByte(end + 4);
        if (!Delimiter.validSof(sof) || !Delimiter.validEof(eof)) {
            throw new MalformedFrameException("bad delimiters SOF 0x" + Integer.toHexString(sof) + " EOF 0x"
                    + Integer.toHexString(eof));
        }
        int fcLength = end - fc;
        if ((fcLength & 3) != 0) {
            throw new MalformedFrameException("FC frame of " + fcLength + " bytes is not word aligned");
        }
        int crc = frame.getIntLE(end);
        if (crc != crc(frame, fc, fcLength)) {
            throw new MalformedFrameException("bad FC CRC");
        }
        FcHeader header = FcHeader.read(frame, fc);
        int fill = (header.fCtl() & FrameControl.END_SEQUENCE) != 0 ? header.fCtl() & FrameControl.FILL_MASK : 0;
        int payload = fcLength - FcHeader.LENGTH - fill;
        return new FcoeFrame(MacAddress.read(frame, at), MacAddress.read(frame, at + 6), sof, eof, header,
                frame.slice(fc + FcHeader.LENGTH, payload));
    }

    /**
     * Appends a whole FCoE frame to {@code out}: the payload's readable bytes (not consumed) with fill bytes,
     * the F_CTL fill count set when the frame ends its sequence.
     */
    public static void encode(ByteBuf out, long destination, long source, int sof, int eof, FcHeader header,
            ByteBuf payload, int payloadIndex, int payloadLength) {
        int fill = -payloadLength & 3;
        FcHeader h = fill != 0 ? header.frame(header.seqCnt(), header.fCtl() | fill, header.parameter()) : header;
        MacAddress.write(out, destination);
        MacAddress.write(out, source);
        out.writeShort(ETHERTYPE_FCOE);
        out.writeZero(FCOE_HEADER - 1);
        out.writeByte(sof);
        int fc = out.writerIndex();
        h.write(out);
        if (payloadLength > 0) {
            out.writeBytes(payload, payloadIndex, payloadLength);
        }
        out.writeZero(fill);
        out.writeIntLE(crc(out, fc, out.writerIndex() - fc));
        out.writeByte(eof);
        out.writeZero(3);
    }

    /** Encodes a single-frame sequence (SOFi3 ... EOFt) with the whole readable payload. */
    public static void encodeSingle(ByteBuf out, long destination, long source, FcHeader header, ByteBuf payload) {
        encode(out, destination, source, Delimiter.SOF_I3, Delimiter.EOF_T, header, payload, payload.readerIndex(),
                payload.readableBytes());
    }

    /** CRC-32 of FC-FS (the Ethernet polynomial, initial and final inversion) over {@code length} bytes. */
    static int crc(ByteBuf buf, int index, int length) {
        CRC32 crc = new CRC32();
        crc.update(buf.nioBuffer(index, length));
        return (int) crc.getValue();
    }
}
