package io.quiver.handler.passthrough.impl;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import io.quiver.linux.SgIo;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

/**
 * The two headers of {@code SG_IO} as {@link SgIoPath} fills and reads them: v3 ({@code struct sg_io_hdr}) on
 * {@code /dev/sgN}, v4 ({@code struct sg_io_v4}) on {@code /dev/bsg/H:C:I:L}. Data-out is always an iovec (the
 * task's buffers as they are), data-in one buffer. Stateless; the segments are the caller's.
 */
enum SgHeader {
    V3 {
        @Override
        MemorySegment build(Arena a, MemorySegment cdb, MemorySegment in, MemorySegment iov, int iovCount, long outLength,
                MemorySegment sense, int timeout) {
            int direction = in.byteSize() > 0 ? SgIo.SG_DXFER_FROM_DEV : iovCount > 0 ? SgIo.SG_DXFER_TO_DEV : SgIo.SG_DXFER_NONE;
            MemorySegment h = SgIo.v3(a, cdb, direction, in.byteSize() > 0 ? in : MemorySegment.NULL, sense, timeout);
            if (iovCount > 0) {
                h.set(JAVA_SHORT, at(SgIo.SG_IO_HDR, "iovec_count"), (short) iovCount);
                h.set(JAVA_INT, at(SgIo.SG_IO_HDR, "dxfer_len"), (int) outLength);
                h.set(ADDRESS, at(SgIo.SG_IO_HDR, "dxferp"), iov);
            }
            return h;
        }

        @Override
        int status(MemorySegment h) {
            return h.get(JAVA_BYTE, at(SgIo.SG_IO_HDR, "status")) & 0xFF;
        }

        @Override
        int senseLength(MemorySegment h) {
            return h.get(JAVA_BYTE, at(SgIo.SG_IO_HDR, "sb_len_wr")) & 0xFF;
        }

        @Override
        int hostStatus(MemorySegment h) {
            return h.get(JAVA_SHORT, at(SgIo.SG_IO_HDR, "host_status")) & 0xFFFF;
        }

        @Override
        int driverStatus(MemorySegment h) {
            return h.get(JAVA_SHORT, at(SgIo.SG_IO_HDR, "driver_status")) & 0x0F;
        }

        @Override
        int residual(MemorySegment h, boolean read) {
            return h.get(JAVA_INT, at(SgIo.SG_IO_HDR, "resid"));
        }
    },
    V4 {
        @Override
        MemorySegment build(Arena a, MemorySegment cdb, MemorySegment in, MemorySegment iov, int iovCount, long outLength,
                MemorySegment sense, int timeout) {
            MemorySegment h = SgIo.v4(a, cdb, MemorySegment.NULL, in.byteSize() > 0 ? in : MemorySegment.NULL, sense, timeout);
            if (iovCount > 0) {
                h.set(JAVA_INT, at(SgIo.SG_IO_V4, "dout_iovec_count"), iovCount);
                h.set(JAVA_INT, at(SgIo.SG_IO_V4, "dout_xfer_len"), (int) outLength);
                h.set(JAVA_LONG, at(SgIo.SG_IO_V4, "dout_xferp"), iov.address());
            }
            return h;
        }

        @Override
        int status(MemorySegment h) {
            return h.get(JAVA_INT, at(SgIo.SG_IO_V4, "device_status")) & 0xFF;
        }

        @Override
        int senseLength(MemorySegment h) {
            return h.get(JAVA_INT, at(SgIo.SG_IO_V4, "response_len"));
        }

        @Override
        int hostStatus(MemorySegment h) {
            return h.get(JAVA_INT, at(SgIo.SG_IO_V4, "transport_status")) & 0xFFFF;
        }

        @Override
        int driverStatus(MemorySegment h) {
            return h.get(JAVA_INT, at(SgIo.SG_IO_V4, "driver_status")) & 0x0F;
        }

        @Override
        int residual(MemorySegment h, boolean read) {
            return h.get(JAVA_INT, at(SgIo.SG_IO_V4, read ? "din_resid" : "dout_resid"));
        }
    };

    /** The header for the node {@code path}: v4 for bsg nodes, v3 for the rest. */
    static SgHeader of(String path) {
        return path.startsWith("/dev/bsg/") ? V4 : V3;
    }

    /**
     * A header for {@code cdb} reading into {@code in} (empty: no data-in), or writing the {@code iovCount} entries
     * of {@code iov} ({@code outLength} bytes in all), with up to {@code sense.byteSize()} bytes of sense.
     */
    abstract MemorySegment build(Arena a, MemorySegment cdb, MemorySegment in, MemorySegment iov, int iovCount,
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

    private static long at(StructLayout layout, String field) {
        return layout.byteOffset(groupElement(field));
    }
}
