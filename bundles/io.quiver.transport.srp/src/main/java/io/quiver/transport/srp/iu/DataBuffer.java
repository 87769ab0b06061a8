package io.quiver.transport.srp.iu;

import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * The data-out or data-in buffer of an SRP_CMD as its descriptor format says: none, one direct descriptor, an
 * indirect descriptor whose whole memory descriptor list is inside the IU (external tables are never fetched),
 * or SRP-2 immediate data carried in the IU itself (data-out only). Immutable; an immediate buffer's data is a
 * slice of the received IU, not retained.
 *
 * @param format {@link #NONE}, {@link #DIRECT}, {@link #INDIRECT} or {@link #IMMEDIATE}
 * @param table for {@link #INDIRECT}: the descriptor table in initiator memory (address, key, length of the
 *        whole list), else {@code null}
 * @param segments the memory regions in transfer order (one for direct, 1..255 for indirect, none otherwise)
 * @param length the transfer length: sum of the segments, or the immediate data length
 * @param immediateData for {@link #IMMEDIATE}, the data; else {@code null}
 */
public record DataBuffer(int format, DirectBuffer table, List<DirectBuffer> segments, long length,
        ByteBuf immediateData) {

    /** Format 0h: no data buffer descriptor. */
    public static final int NONE = 0;
    /** Format 1h: direct data buffer descriptor. */
    public static final int DIRECT = 1;
    /** Format 2h: indirect data buffer descriptor. */
    public static final int INDIRECT = 2;
    /** Format 3h (SRP-2): immediate data buffer descriptor. */
    public static final int IMMEDIATE = 3;
    /** The most descriptors an SRP_CMD's count fields can announce. */
    public static final int MAX_DESCRIPTORS = 255;

    private static final DataBuffer EMPTY = new DataBuffer(NONE, null, List.of(), 0, null);

    public DataBuffer {
        segments = List.copyOf(segments);
    }

    /** No data in this direction. */
    public static DataBuffer none() {
        return EMPTY;
    }

    /** One direct descriptor. */
    public static DataBuffer direct(DirectBuffer buffer) {
        return new DataBuffer(DIRECT, null, List.of(buffer), buffer.length(), null);
    }

    /**
     * An indirect descriptor listing every segment in the IU; the table descriptor points at
     * {@code tableAddress}/{@code tableKey} with the list's length, as Linux's ib_srp fills it.
     */
    public static DataBuffer indirect(long tableAddress, int tableKey, List<DirectBuffer> segments) {
        if (segments.isEmpty() || segments.size() > MAX_DESCRIPTORS) {
            throw new IllegalArgumentException("an indirect descriptor lists 1 to 255 segments, not " + segments.size());
        }
        long total = segments.stream().mapToLong(DirectBuffer::length).sum();
        return new DataBuffer(INDIRECT, new DirectBuffer(tableAddress, tableKey,
                (long) segments.size() * Srp.DIRECT_DESCRIPTOR_LENGTH), segments, total, null);
    }

    /** Immediate data (SRP-2): {@code data}'s readable bytes travel inside the SRP_CMD. */
    public static DataBuffer immediate(ByteBuf data) {
        return new DataBuffer(IMMEDIATE, null, List.of(), data.readableBytes(), data);
    }

    /** Bytes this descriptor takes in the SRP_CMD's additional data. */
    public int descriptorLength() {
        return switch (format) {
            case DIRECT -> Srp.DIRECT_DESCRIPTOR_LENGTH;
            case INDIRECT -> Srp.INDIRECT_HEADER_LENGTH + segments.size() * Srp.DIRECT_DESCRIPTOR_LENGTH;
            case IMMEDIATE -> Srp.IMMEDIATE_DESCRIPTOR_LENGTH;
            default -> 0;
        };
    }

    /** The DATA-OUT/IN BUFFER DESCRIPTOR COUNT Linux's ib_srp sends: the segment count for indirect, else 0. */
    public int descriptorCount() {
        return format == INDIRECT ? segments.size() : 0;
    }

    /** Appends the descriptor (not the immediate data itself). */
    public void writeDescriptor(ByteBuf out) {
        switch (format) {
            case DIRECT -> segments.get(0).write(out);
            case INDIRECT -> {
                table.write(out);
                out.writeInt((int) length);
                segments.forEach(s -> s.write(out));
            }
            case IMMEDIATE -> out.writeInt((int) length);
            default -> {
            }
        }
    }
}
