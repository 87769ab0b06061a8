package io.quiver.core.impl.log;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.ArrayList;
import java.util.List;

/**
 * The log pages Quiver reports and their encoding (SPC-4 7.3). Stateless.
 *
 * <p>No Temperature page (0Dh): a virtual logical unit has no sensor, and a made-up value would be read
 * by smartd and similar monitors as a real temperature; SPC-4 makes the page optional (SCST has none).
 */
final class LogPages {

    static final int SUPPORTED_PAGES = 0x00;
    static final int WRITE_ERROR_COUNTER = 0x02;
    static final int READ_ERROR_COUNTER = 0x03;
    static final int VERIFY_ERROR_COUNTER = 0x05;
    static final int NON_MEDIUM_ERROR = 0x06;
    static final int INFORMATIONAL_EXCEPTIONS = 0x2F;
    /** Vendor-specific page (30h..3Eh): Quiver's per-logical-unit statistics. */
    static final int QUIVER_STATISTICS = 0x30;
    static final int ALL_SUBPAGES = 0xFF;

    static final int[] PAGES = {SUPPORTED_PAGES, WRITE_ERROR_COUNTER, READ_ERROR_COUNTER, VERIFY_ERROR_COUNTER,
        NON_MEDIUM_ERROR, INFORMATIONAL_EXCEPTIONS, QUIVER_STATISTICS};

    /** Format and linking 00b: a bounded data counter. */
    private static final int COUNTER = 0x00;
    /** Format and linking 11b: binary format list. */
    private static final int BINARY = 0x03;

    /** One log parameter: code, control byte and a big-endian value of {@code length} bytes. */
    record Parameter(int code, int control, int length, long value) {
    }

    private LogPages() {
    }

    /**
     * The parameters of a page, or {@code null} for a page Quiver does not have.
     *
     * @param current cumulative values (PC 01b); otherwise the defaults and thresholds, all zero
     */
    static List<Parameter> parameters(int page, LogicalUnitCounters c, boolean current) {
        List<Parameter> p = new ArrayList<>();
        switch (page) {
            case WRITE_ERROR_COUNTER:
                errorCounters(p, current ? c.bytesWritten() : 0, current ? c.writeErrors() : 0);
                break;
            case READ_ERROR_COUNTER:
                errorCounters(p, current ? c.bytesRead() : 0, current ? c.readErrors() : 0);
                break;
            case VERIFY_ERROR_COUNTER:
                errorCounters(p, 0, current ? c.verifyErrors() : 0);
                break;
            case NON_MEDIUM_ERROR:
                p.add(new Parameter(0x0000, COUNTER, 8, current ? c.nonMediumErrors() : 0));
                break;
            case INFORMATIONAL_EXCEPTIONS:
                // INFORMATIONAL EXCEPTION ASC/ASCQ 0 (none) and MOST RECENT TEMPERATURE READING FFh (none).
                p.add(new Parameter(0x0000, BINARY, 3, 0x0000FF));
                break;
            case QUIVER_STATISTICS:
                p.add(new Parameter(0x0001, COUNTER, 8, current ? c.readCommands() : 0));
                p.add(new Parameter(0x0002, COUNTER, 8, current ? c.writeCommands() : 0));
                p.add(new Parameter(0x0003, COUNTER, 8, current ? c.otherCommands() : 0));
                p.add(new Parameter(0x0004, COUNTER, 8, current ? c.bytesRead() : 0));
                p.add(new Parameter(0x0005, COUNTER, 8, current ? c.bytesWritten() : 0));
                break;
            default:
                return null;
        }
        return p;
    }

    /**
     * SPC-4 7.3.4 error counter parameters 0000h..0006h; Quiver corrects nothing, so only TOTAL BYTES
     * PROCESSED (0005h) and TOTAL UNCORRECTED ERRORS (0006h) can be non-zero.
     */
    private static void errorCounters(List<Parameter> p, long bytes, long uncorrected) {
        for (int code = 0x0000; code <= 0x0004; code++) {
            p.add(new Parameter(code, COUNTER, 8, 0));
        }
        p.add(new Parameter(0x0005, COUNTER, 8, bytes));
        p.add(new Parameter(0x0006, COUNTER, 8, uncorrected));
    }

    /** A parameter page: header (DS set: nothing is savable) and the parameters. */
    static ByteBuf encode(int page, List<Parameter> params, ByteBufAllocator alloc) {
        int length = 0;
        for (Parameter p : params) {
            length += 4 + p.length();
        }
        ByteBuf out = alloc.buffer(4 + length);
        out.writeByte(0x80 | page).writeByte(0).writeShort(length);
        for (Parameter p : params) {
            out.writeShort(p.code()).writeByte(p.control()).writeByte(p.length());
            for (int shift = 8 * (p.length() - 1); shift >= 0; shift -= 8) {
                out.writeByte((int) (p.value() >>> shift));
            }
        }
        return out;
    }

    /** Page 00h: the supported pages, or with {@code subpages} (00h/FFh) the supported page/subpage pairs. */
    static ByteBuf supported(boolean subpages, ByteBufAllocator alloc) {
        int length = subpages ? 2 * (PAGES.length + 1) : PAGES.length;
        ByteBuf out = alloc.buffer(4 + length);
        out.writeByte(subpages ? 0x40 : 0).writeByte(subpages ? ALL_SUBPAGES : 0).writeShort(length);
        for (int page : PAGES) {
            if (subpages) {
                out.writeByte(page).writeByte(0);
                if (page == SUPPORTED_PAGES) {
                    out.writeByte(SUPPORTED_PAGES).writeByte(ALL_SUBPAGES);
                }
            } else {
                out.writeByte(page);
            }
        }
        return out;
    }
}
