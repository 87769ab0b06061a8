package io.quiver.core.impl.alua;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.Collection;
import java.util.List;

/**
 * REPORT TARGET PORT GROUPS parameter data (SPC-4 6.36): the length-only header (format 000b) or the
 * extended header (001b) followed by one target port group descriptor per group. Stateless.
 */
final class TargetPortGroupsData {

    /** T_SUP, O_SUP, U_SUP, S_SUP, AN_SUP, AO_SUP: every state but LBA dependent. */
    static final int SUPPORTED_STATES = 0x80 | 0x40 | 0x08 | 0x04 | 0x02 | 0x01;

    /** One group to report with the relative target port identifiers it has for this logical unit. */
    record Entry(TargetPortGroup group, Collection<Integer> ports) {
    }

    private TargetPortGroupsData() {
    }

    /**
     * Encodes the parameter data.
     *
     * @param extended format 001b: header with FORMAT TYPE and IMPLICIT TRANSITION TIME
     */
    static ByteBuf encode(List<Entry> entries, boolean extended, ByteBufAllocator alloc) {
        int length = 0;
        for (Entry e : entries) {
            length += 8 + 4 * e.ports().size();
        }
        int header = extended ? 8 : 4;
        ByteBuf out = alloc.buffer(header + length);
        out.writeInt(length + header - 4);
        if (extended) {
            // FORMAT TYPE 001b; implicit transitions here are immediate, so the transition time is 0.
            out.writeByte(0x10).writeByte(0).writeShort(0);
        }
        for (Entry e : entries) {
            TargetPortGroup g = e.group();
            out.writeByte((g.preferred() ? 0x80 : 0) | g.state().code());
            out.writeByte(SUPPORTED_STATES);
            out.writeShort(g.id());
            out.writeByte(0);
            out.writeByte(g.statusCode());
            out.writeByte(0);
            out.writeByte(e.ports().size());
            for (int port : e.ports()) {
                out.writeShort(0).writeShort(port);
            }
        }
        return out;
    }
}
