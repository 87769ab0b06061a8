package io.quiver.transport.fcoe.impl.fcp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * FCP_RSP and FCP_XFER_RDY IUs (FCP-4 9.4, 9.5). Stateless.
 */
public final class FcpResponse {

    public static final int RSP_LEN_VALID = 0x01;
    public static final int SNS_LEN_VALID = 0x02;
    public static final int RESID_OVER = 0x04;
    public static final int RESID_UNDER = 0x08;

    /** FCP_RSP_INFO response codes (FCP-4 table 29). */
    public static final int TMF_COMPLETE = 0x00;
    public static final int TMF_NOT_SUPPORTED = 0x04;
    public static final int TMF_FAILED = 0x05;
    public static final int TMF_SUCCEEDED = 0x08;
    public static final int TMF_INCORRECT_LUN = 0x09;

    private FcpResponse() {
    }

    /**
     * An FCP_RSP for a command: SCSI status, residual (positive under, negative over, 0 none) and sense bytes
     * (may be empty).
     */
    public static ByteBuf command(int status, long residual, byte[] sense) {
        int flags = (residual > 0 ? RESID_UNDER : residual < 0 ? RESID_OVER : 0) | (sense.length > 0 ? SNS_LEN_VALID : 0);
        ByteBuf out = ByteBufAllocator.DEFAULT.directBuffer(24 + sense.length);
        out.writeZero(10).writeByte(flags).writeByte(status);
        out.writeInt((int) Math.min(Math.abs(residual), 0xFFFFFFFFL)).writeInt(sense.length).writeInt(0);
        out.writeBytes(sense);
        return out;
    }

    /** An FCP_RSP for a task management function with its 8-byte FCP_RSP_INFO. */
    public static ByteBuf taskManagement(int responseCode) {
        ByteBuf out = ByteBufAllocator.DEFAULT.directBuffer(32);
        out.writeZero(10).writeByte(RSP_LEN_VALID).writeByte(0);
        out.writeInt(0).writeInt(0).writeInt(8);
        out.writeZero(3).writeByte(responseCode).writeZero(4);
        return out;
    }

    /** An FCP_XFER_RDY asking for {@code length} bytes at relative offset {@code offset}. */
    public static ByteBuf transferReady(int offset, int length) {
        ByteBuf out = ByteBufAllocator.DEFAULT.directBuffer(12);
        out.writeInt(offset).writeInt(length).writeInt(0);
        return out;
    }
}
