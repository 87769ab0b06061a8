package io.quiver.core.impl.pr;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Builds PERSISTENT RESERVE IN parameter data (SPC-4 6.16): READ KEYS, READ RESERVATION, REPORT
 * CAPABILITIES and READ FULL STATUS. Called under the {@link PrState} lock; stateless.
 */
final class PrInResponder {

    static final int READ_KEYS = 0x00;
    static final int READ_RESERVATION = 0x01;
    static final int REPORT_CAPABILITIES = 0x02;
    static final int READ_FULL_STATUS = 0x03;

    private PrInResponder() {
    }

    /**
     * The parameter data for a service action, or {@code null} for an unknown one. The buffer holds the
     * complete data; the caller truncates it to the allocation length.
     */
    static ByteBuf respond(int serviceAction, PrState state, ByteBufAllocator alloc) {
        switch (serviceAction) {
            case READ_KEYS:
                return readKeys(state, alloc);
            case READ_RESERVATION:
                return readReservation(state, alloc);
            case REPORT_CAPABILITIES:
                return reportCapabilities(state, alloc);
            case READ_FULL_STATUS:
                return readFullStatus(state, alloc);
            default:
                return null;
        }
    }

    private static ByteBuf readKeys(PrState state, ByteBufAllocator alloc) {
        int n = state.registrations().size();
        ByteBuf out = alloc.buffer(8 + 8 * n);
        out.writeInt(state.generation()).writeInt(8 * n);
        for (Registration r : state.registrations()) {
            out.writeLong(r.key());
        }
        return out;
    }

    private static ByteBuf readReservation(PrState state, ByteBufAllocator alloc) {
        ByteBuf out = alloc.buffer(24);
        out.writeInt(state.generation());
        PrType type = state.type();
        if (type == null) {
            return out.writeInt(0);
        }
        out.writeInt(16);
        // All-registrants reservations report key 0 (SPC-4 6.16.3.3.2).
        out.writeLong(type.allRegistrants() ? 0 : state.holder().key());
        out.writeInt(0).writeByte(0).writeByte(type.code()).writeShort(0);
        return out;
    }

    private static ByteBuf reportCapabilities(PrState state, ByteBufAllocator alloc) {
        ByteBuf out = alloc.buffer(8);
        out.writeShort(8);
        // CRH, SIP_C, ATP_C, PTPL_C.
        out.writeByte(0x10 | 0x08 | 0x04 | 0x01);
        // TMV, ALLOW COMMANDS 010b (TEST UNIT READY passes every type; MODE SENSE, READ BUFFER, RECEIVE
        // DIAGNOSTIC RESULTS, REPORT SUPPORTED OPERATION CODES... pass Write Exclusive), PTPL_A.
        out.writeByte(0x80 | 0x20 | (state.aptpl() ? 0x01 : 0));
        // Type mask: WR_EX_AR, EX_AC_RO, WR_EX_RO, EX_AC, WR_EX | EX_AC_AR.
        out.writeByte(0x80 | 0x40 | 0x20 | 0x08 | 0x02).writeByte(0x01);
        out.writeShort(0);
        return out;
    }

    private static ByteBuf readFullStatus(PrState state, ByteBufAllocator alloc) {
        int length = 0;
        for (Registration r : state.registrations()) {
            length += 24 + r.transportIdLength();
        }
        ByteBuf out = alloc.buffer(8 + length);
        out.writeInt(state.generation()).writeInt(length);
        for (Registration r : state.registrations()) {
            boolean holder = state.isHolder(r);
            out.writeLong(r.key()).writeInt(0);
            out.writeByte((r.allTargetPorts() ? 0x02 : 0) | (holder ? 0x01 : 0));
            out.writeByte(holder ? state.type().code() : 0);
            out.writeInt(0);
            out.writeShort(r.allTargetPorts() ? 0 : r.relativeTargetPortId());
            byte[] tid = r.transportId();
            out.writeInt(tid.length).writeBytes(tid);
        }
        return out;
    }
}
