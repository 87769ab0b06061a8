package io.quiver.handler.passthrough.impl;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import io.quiver.linux.SgIo;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

/**
 * The two headers of {@code SG_IO} as {@link SgIoPath} fills and reads them: v3 ({@code struct sg_io_hdr}) on
 * {@code /dev/sgN}, v4 ({@code struct sg_io_v4}) on {@code /dev/bsg/H:C:I:L}. Data-out is always an iovec (the
 * task's buffers as they are), data-in one buffer. The fields' offsets are looked up once, here, not per command;
 * the header is the caller's segment (a device thread's {@link SgMemory}), cleared before it is filled, since it
 * held the thread's previous command. Stateless.
 */
enum SgHeader {
    V3(SgIo.SG_IO_HDR) {
        @Override
        MemorySegment build(MemorySegment h, MemorySegment cdb, MemorySegment in, MemorySegment iov, int iovCount,
                long outLength, MemorySegment sense, int timeout) {
            h.fill((byte) 0); // the thread's previous command left its fields (iovec count, residual) here
            boolean read = in.byteSize() > 0;
            h.set(JAVA_INT, V3_INTERFACE_ID, 'S');
            h.set(JAVA_INT, V3_DIRECTION, read ? SgIo.SG_DXFER_FROM_DEV : iovCount > 0 ? SgIo.SG_DXFER_TO_DEV : SgIo.SG_DXFER_NONE);
            h.set(JAVA_BYTE, V3_CMD_LEN, (byte) cdb.byteSize());
            h.set(JAVA_BYTE, V3_MX_SB_LEN, (byte) sense.byteSize());
            h.set(ADDRESS, V3_CMDP, cdb);
            h.set(ADDRESS, V3_SBP, sense);
            h.set(JAVA_INT, V3_TIMEOUT, timeout);
            if (read) {
                h.set(JAVA_INT, V3_DXFER_LEN, (int) in.byteSize());
                h.set(ADDRESS, V3_DXFERP, in);
            } else if (iovCount > 0) {
                h.set(JAVA_SHORT, V3_IOVEC_COUNT, (short) iovCount);
                h.set(JAVA_INT, V3_DXFER_LEN, (int) outLength);
                h.set(ADDRESS, V3_DXFERP, iov);
            }
            return h;
        }

        @Override
        int status(MemorySegment h) {
            return h.get(JAVA_BYTE, V3_STATUS) & 0xFF;
        }

        @Override
        int senseLength(MemorySegment h) {
            return h.get(JAVA_BYTE, V3_SB_LEN_WR) & 0xFF;
        }

        @Override
        int hostStatus(MemorySegment h) {
            return h.get(JAVA_SHORT, V3_HOST_STATUS) & 0xFFFF;
        }

        @Override
        int driverStatus(MemorySegment h) {
            return h.get(JAVA_SHORT, V3_DRIVER_STATUS) & 0x0F;
        }

        @Override
        int residual(MemorySegment h, boolean read) {
            return h.get(JAVA_INT, V3_RESID);
        }
    },
    V4(SgIo.SG_IO_V4) {
        @Override
        MemorySegment build(MemorySegment h, MemorySegment cdb, MemorySegment in, MemorySegment iov, int iovCount,
                long outLength, MemorySegment sense, int timeout) {
            h.fill((byte) 0); // the thread's previous command left its fields (iovec count, residual) here
            h.set(JAVA_INT, V4_GUARD, SgIo.BSG_GUARD);
            h.set(JAVA_INT, V4_REQUEST_LEN, (int) cdb.byteSize());
            h.set(JAVA_LONG, V4_REQUEST, cdb.address());
            h.set(JAVA_INT, V4_MAX_RESPONSE_LEN, (int) sense.byteSize());
            h.set(JAVA_LONG, V4_RESPONSE, sense.address());
            h.set(JAVA_INT, V4_TIMEOUT, timeout);
            if (in.byteSize() > 0) {
                h.set(JAVA_INT, V4_DIN_XFER_LEN, (int) in.byteSize());
                h.set(JAVA_LONG, V4_DIN_XFERP, in.address());
            } else if (iovCount > 0) {
                h.set(JAVA_INT, V4_DOUT_IOVEC_COUNT, iovCount);
                h.set(JAVA_INT, V4_DOUT_XFER_LEN, (int) outLength);
                h.set(JAVA_LONG, V4_DOUT_XFERP, iov.address());
            }
            return h;
        }

        @Override
        int status(MemorySegment h) {
            return h.get(JAVA_INT, V4_DEVICE_STATUS) & 0xFF;
        }

        @Override
        int senseLength(MemorySegment h) {
            return h.get(JAVA_INT, V4_RESPONSE_LEN);
        }

        @Override
        int hostStatus(MemorySegment h) {
            return h.get(JAVA_INT, V4_TRANSPORT_STATUS) & 0xFFFF;
        }

        @Override
        int driverStatus(MemorySegment h) {
            return h.get(JAVA_INT, V4_DRIVER_STATUS) & 0x0F;
        }

        @Override
        int residual(MemorySegment h, boolean read) {
            return h.get(JAVA_INT, read ? V4_DIN_RESID : V4_DOUT_RESID);
        }
    };

    private static final long V3_INTERFACE_ID = v3("interface_id");
    private static final long V3_DIRECTION = v3("dxfer_direction");
    private static final long V3_CMD_LEN = v3("cmd_len");
    private static final long V3_MX_SB_LEN = v3("mx_sb_len");
    private static final long V3_IOVEC_COUNT = v3("iovec_count");
    private static final long V3_DXFER_LEN = v3("dxfer_len");
    private static final long V3_DXFERP = v3("dxferp");
    private static final long V3_CMDP = v3("cmdp");
    private static final long V3_SBP = v3("sbp");
    private static final long V3_TIMEOUT = v3("timeout");
    private static final long V3_STATUS = v3("status");
    private static final long V3_SB_LEN_WR = v3("sb_len_wr");
    private static final long V3_HOST_STATUS = v3("host_status");
    private static final long V3_DRIVER_STATUS = v3("driver_status");
    private static final long V3_RESID = v3("resid");
    private static final long V4_GUARD = v4("guard");
    private static final long V4_REQUEST_LEN = v4("request_len");
    private static final long V4_REQUEST = v4("request");
    private static final long V4_MAX_RESPONSE_LEN = v4("max_response_len");
    private static final long V4_RESPONSE = v4("response");
    private static final long V4_DOUT_IOVEC_COUNT = v4("dout_iovec_count");
    private static final long V4_DOUT_XFER_LEN = v4("dout_xfer_len");
    private static final long V4_DIN_XFER_LEN = v4("din_xfer_len");
    private static final long V4_DOUT_XFERP = v4("dout_xferp");
    private static final long V4_DIN_XFERP = v4("din_xferp");
    private static final long V4_TIMEOUT = v4("timeout");
    private static final long V4_DRIVER_STATUS = v4("driver_status");
    private static final long V4_TRANSPORT_STATUS = v4("transport_status");
    private static final long V4_DEVICE_STATUS = v4("device_status");
    private static final long V4_RESPONSE_LEN = v4("response_len");
    private static final long V4_DIN_RESID = v4("din_resid");
    private static final long V4_DOUT_RESID = v4("dout_resid");

    private final StructLayout layout;

    SgHeader(StructLayout layout) {
        this.layout = layout;
    }

    /** The header for the node {@code path}: v4 for bsg nodes, v3 for the rest. */
    static SgHeader of(String path) {
        return path.startsWith("/dev/bsg/") ? V4 : V3;
    }

    /** The header's size in bytes. */
    long size() {
        return layout.byteSize();
    }

    /**
     * Fills {@code h} ({@link #size()} bytes) for {@code cdb} reading into {@code in} (empty: no data-in), or
     * writing the {@code iovCount} entries of {@code iov} ({@code outLength} bytes in all), with up to
     * {@code sense.byteSize()} bytes of sense; returns {@code h}.
     */
    abstract MemorySegment build(MemorySegment h, MemorySegment cdb, MemorySegment in, MemorySegment iov, int iovCount,
            long outLength, MemorySegment sense, int timeout);

    /** The SCSI status byte. */
    abstract int status(MemorySegment h);

    /** Sense bytes written. */
    abstract int senseLength(MemorySegment h);

    /** The host (transport) status: 0 is DID_OK. */
    abstract int hostStatus(MemorySegment h);

    /** The driver status' low nibble: 0, or DRIVER_SENSE when sense came with the status. */
    abstract int driverStatus(MemorySegment h);

    /** Bytes of the transfer that did not move. */
    abstract int residual(MemorySegment h, boolean read);

    private static long v3(String field) {
        return SgIo.SG_IO_HDR.byteOffset(groupElement(field));
    }

    private static long v4(String field) {
        return SgIo.SG_IO_V4.byteOffset(groupElement(field));
    }
}
