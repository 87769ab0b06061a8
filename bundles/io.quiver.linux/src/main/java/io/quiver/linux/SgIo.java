package io.quiver.linux;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

/**
 * The SCSI generic pass-through ioctl {@code SG_IO}, with the v3 header {@code struct sg_io_hdr}
 * ({@code <scsi/sg.h>}, on /dev/sg* and block devices) and the v4 header {@code struct sg_io_v4}
 * ({@code <linux/bsg.h>}, on /dev/bsg/*). Stateless and thread-safe; the headers are the caller's.
 */
public final class SgIo {

    /** {@code SG_IO} of {@code <scsi/sg.h>}. */
    public static final long SG_IO = 0x2285;
    public static final int SG_DXFER_NONE = -1;
    public static final int SG_DXFER_TO_DEV = -2;
    public static final int SG_DXFER_FROM_DEV = -3;
    /** {@code guard} of a v4 header: 'Q'. */
    public static final int BSG_GUARD = 'Q';
    public static final int BSG_PROTOCOL_SCSI = 0;
    public static final int BSG_SUB_PROTOCOL_SCSI_CMD = 0;

    /** {@code struct sg_io_hdr} (v3, interface_id 'S'). */
    public static final StructLayout SG_IO_HDR = MemoryLayout.structLayout(
            JAVA_INT.withName("interface_id"),
            JAVA_INT.withName("dxfer_direction"),
            JAVA_BYTE.withName("cmd_len"),
            JAVA_BYTE.withName("mx_sb_len"),
            JAVA_SHORT.withName("iovec_count"),
            JAVA_INT.withName("dxfer_len"),
            ADDRESS.withName("dxferp"),
            ADDRESS.withName("cmdp"),
            ADDRESS.withName("sbp"),
            JAVA_INT.withName("timeout"),
            JAVA_INT.withName("flags"),
            JAVA_INT.withName("pack_id"),
            MemoryLayout.paddingLayout(4),
            ADDRESS.withName("usr_ptr"),
            JAVA_BYTE.withName("status"),
            JAVA_BYTE.withName("masked_status"),
            JAVA_BYTE.withName("msg_status"),
            JAVA_BYTE.withName("sb_len_wr"),
            JAVA_SHORT.withName("host_status"),
            JAVA_SHORT.withName("driver_status"),
            JAVA_INT.withName("resid"),
            JAVA_INT.withName("duration"),
            JAVA_INT.withName("info"),
            MemoryLayout.paddingLayout(4)).withName("sg_io_hdr");

    /** {@code struct sg_io_v4} (guard 'Q'); pointers are {@code __u64}. */
    public static final StructLayout SG_IO_V4 = MemoryLayout.structLayout(
            JAVA_INT.withName("guard"),
            JAVA_INT.withName("protocol"),
            JAVA_INT.withName("subprotocol"),
            JAVA_INT.withName("request_len"),
            JAVA_LONG.withName("request"),
            JAVA_LONG.withName("request_tag"),
            JAVA_INT.withName("request_attr"),
            JAVA_INT.withName("request_priority"),
            JAVA_INT.withName("request_extra"),
            JAVA_INT.withName("max_response_len"),
            JAVA_LONG.withName("response"),
            JAVA_INT.withName("dout_iovec_count"),
            JAVA_INT.withName("dout_xfer_len"),
            JAVA_INT.withName("din_iovec_count"),
            JAVA_INT.withName("din_xfer_len"),
            JAVA_LONG.withName("dout_xferp"),
            JAVA_LONG.withName("din_xferp"),
            JAVA_INT.withName("timeout"),
            JAVA_INT.withName("flags"),
            JAVA_LONG.withName("usr_ptr"),
            JAVA_INT.withName("spare_in"),
            JAVA_INT.withName("driver_status"),
            JAVA_INT.withName("transport_status"),
            JAVA_INT.withName("device_status"),
            JAVA_INT.withName("retry_delay"),
            JAVA_INT.withName("info"),
            JAVA_INT.withName("duration"),
            JAVA_INT.withName("response_len"),
            JAVA_INT.withName("din_resid"),
            JAVA_INT.withName("dout_resid"),
            JAVA_LONG.withName("generated_tag"),
            JAVA_INT.withName("spare_out"),
            JAVA_INT.withName("padding")).withName("sg_io_v4");

    private SgIo() {
    }

    /**
     * A v3 header in {@code arena} for {@code cdb} with {@code data} moving in {@code direction}
     * ({@link #SG_DXFER_FROM_DEV}...; {@code data} may be {@link MemorySegment#NULL} with
     * {@link #SG_DXFER_NONE}) and up to {@code sense.byteSize()} bytes of sense data.
     */
    public static MemorySegment v3(Arena arena, MemorySegment cdb, int direction, MemorySegment data,
            MemorySegment sense, int timeoutMillis) {
        MemorySegment h = arena.allocate(SG_IO_HDR);
        h.set(JAVA_INT, off(SG_IO_HDR, "interface_id"), 'S');
        h.set(JAVA_INT, off(SG_IO_HDR, "dxfer_direction"), direction);
        h.set(JAVA_BYTE, off(SG_IO_HDR, "cmd_len"), (byte) cdb.byteSize());
        h.set(JAVA_BYTE, off(SG_IO_HDR, "mx_sb_len"), (byte) sense.byteSize());
        h.set(JAVA_INT, off(SG_IO_HDR, "dxfer_len"), (int) data.byteSize());
        h.set(ADDRESS, off(SG_IO_HDR, "dxferp"), data);
        h.set(ADDRESS, off(SG_IO_HDR, "cmdp"), cdb);
        h.set(ADDRESS, off(SG_IO_HDR, "sbp"), sense);
        h.set(JAVA_INT, off(SG_IO_HDR, "timeout"), timeoutMillis);
        return h;
    }

    /** A v4 (bsg) header in {@code arena}: SCSI command {@code cdb}, data in or out, sense to {@code sense}. */
    public static MemorySegment v4(Arena arena, MemorySegment cdb, MemorySegment dataOut, MemorySegment dataIn,
            MemorySegment sense, int timeoutMillis) {
        MemorySegment h = arena.allocate(SG_IO_V4);
        h.set(JAVA_INT, off(SG_IO_V4, "guard"), BSG_GUARD);
        h.set(JAVA_INT, off(SG_IO_V4, "request_len"), (int) cdb.byteSize());
        h.set(JAVA_LONG, off(SG_IO_V4, "request"), cdb.address());
        h.set(JAVA_INT, off(SG_IO_V4, "max_response_len"), (int) sense.byteSize());
        h.set(JAVA_LONG, off(SG_IO_V4, "response"), sense.address());
        h.set(JAVA_INT, off(SG_IO_V4, "dout_xfer_len"), (int) dataOut.byteSize());
        h.set(JAVA_LONG, off(SG_IO_V4, "dout_xferp"), dataOut.address());
        h.set(JAVA_INT, off(SG_IO_V4, "din_xfer_len"), (int) dataIn.byteSize());
        h.set(JAVA_LONG, off(SG_IO_V4, "din_xferp"), dataIn.address());
        h.set(JAVA_INT, off(SG_IO_V4, "timeout"), timeoutMillis);
        return h;
    }

    /**
     * {@code ioctl(fd, SG_IO, header)} with a v3 or v4 header; on return the header holds the SCSI status,
     * sense length and residual. A SCSI error is not an exception: read {@code status} in the header.
     *
     * @throws LinuxException when the kernel refuses the call (ENOTTY: {@code fd} is not a SCSI device)
     */
    public static void execute(int fd, MemorySegment header) throws LinuxException {
        if (header.byteSize() != SG_IO_HDR.byteSize() && header.byteSize() != SG_IO_V4.byteSize()) {
            throw new IllegalArgumentException("not an sg_io_hdr or sg_io_v4: " + header.byteSize() + " bytes");
        }
        Ioctl.ioctl(fd, SG_IO, header);
    }

    /** The offset of {@code field} in {@code layout}. */
    private static long off(StructLayout layout, String field) {
        return layout.byteOffset(MemoryLayout.PathElement.groupElement(field));
    }
}
