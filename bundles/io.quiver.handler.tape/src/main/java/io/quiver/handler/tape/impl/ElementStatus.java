package io.quiver.handler.tape.impl;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * READ ELEMENT STATUS data (SMC-3 6.11): an 8-byte header, then one element status page per element type
 * (transport, storage, import/export, data transfer, in that order) with the elements from the starting
 * address on, at most the number asked. With VOLTAG each descriptor carries the primary volume tag (the
 * barcode, space-padded, sequence 0); with DVCID a drive's descriptor carries its device identifier
 * (ASCII, T10 vendor ID based: vendor, product, then the drive's device name, which is unique in the
 * core). Stateless; the buffer it returns belongs to the caller.
 */
final class ElementStatus {

    private static final int[] ORDER = {
            ElementMap.MEDIUM_TRANSPORT, ElementMap.STORAGE, ElementMap.IMPORT_EXPORT, ElementMap.DATA_TRANSFER};

    private ElementStatus() {
    }

    /**
     * @param type 0 for all, else 1 transport, 2 storage, 3 import/export, 4 data transfer
     * @param driveIds the drives' identifiers, by drive index
     */
    static ByteBuf read(ByteBufAllocator alloc, Library lib, int type, int start, int max, boolean voltag,
            boolean dvcid, List<String> driveIds) {
        List<Integer> picked = new ArrayList<>();
        for (int t : ORDER) {
            if (type == 0 || type == t) {
                for (int a : lib.elements().addresses(t)) {
                    if (a >= start && picked.size() < max) {
                        picked.add(a);
                    }
                }
            }
        }
        ByteBuf out = alloc.buffer(64 + picked.size() * 96);
        out.writeShort(picked.isEmpty() ? start : picked.get(0)).writeShort(picked.size()).writeByte(0).writeMedium(0);
        for (int t : ORDER) {
            List<Integer> of = picked.stream().filter(a -> lib.elements().type(a) == t).toList();
            if (of.isEmpty()) {
                continue;
            }
            boolean ids = dvcid && t == ElementMap.DATA_TRANSFER;
            int idLength = ids ? driveIds.stream().mapToInt(String::length).max().orElse(0) + 24 : 0;
            int length = 12 + (voltag ? 36 : 0) + (ids ? 4 + idLength : 0);
            out.writeByte(t).writeByte(voltag ? 0x80 : 0).writeShort(length).writeByte(0).writeMedium(length * of.size());
            for (int a : of) {
                descriptor(out, lib, t, a, voltag, ids ? driveIds.get(a - ElementMap.FIRST_DRIVE) : null, idLength);
            }
        }
        out.setMedium(5, out.readableBytes() - 8);
        return out;
    }

    private static void descriptor(ByteBuf out, Library lib, int t, int a, boolean voltag, String id, int idLength) {
        String barcode = lib.at(a);
        boolean full = barcode != null;
        int flags = switch (t) {
            case 1 -> 0;
            case 3 -> 0x38; // INENAB, EXENAB, ACCESS
            default -> 0x08; // ACCESS
        };
        Integer src = lib.sourceOf(a);
        out.writeShort(a).writeByte(flags | (full ? 1 : 0)).writeByte(0).writeByte(0).writeByte(0)
                .writeMedium(0).writeByte((full && src != null ? 0x80 : 0) | (full ? 1 : 0))
                .writeShort(full && src != null ? src : 0);
        if (voltag) {
            out.writeBytes(String.format("%-32s", full ? barcode : "").getBytes(StandardCharsets.US_ASCII)).writeInt(0);
        }
        if (id != null) {
            String v = String.format("%-8s%-16s%s", "QUIVER", "VTAPE", id);
            out.writeByte(0x02).writeByte(0x01).writeByte(0).writeByte(idLength);
            out.writeBytes(String.format("%-" + idLength + "s", v).getBytes(StandardCharsets.US_ASCII));
        }
    }
}
