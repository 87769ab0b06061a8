package io.quiver.handler.passthrough.impl;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.quiver.scsi.PeripheralDeviceType;
import io.quiver.spi.device.CommandDescriptor;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * What a pass-through device takes over from the real device, read once per login: its peripheral device type and
 * removable medium bit (standard INQUIRY), the VPD pages it offers beyond the core's, the unit serial number (VPD
 * 80h), the logical-unit designation descriptors of VPD 83h (association 00b; the core adds its own port
 * designators, SCST's rewriting of VPD 83h), and the commands with their CDB usage data from REPORT SUPPORTED
 * OPERATION CODES. Keeping the device's designators is what lets EXTENDED COPY name the LU the device knows.
 * Immutable.
 *
 * @param type the device's peripheral device type; {@link PeripheralDeviceType#UNKNOWN} if it did not say or is
 *     not connected (peripheral qualifier not 000b)
 * @param removable whether the device reports a removable medium (RMB)
 * @param vpdPages the VPD page codes the device lists in VPD 00h
 * @param unitSerialNumber the device's unit serial number, or {@code null} if it has none
 * @param designators the device's logical-unit designation descriptors, each with its 4-byte header
 * @param commands the device's commands; empty if it does not report them
 */
record BackendIdentity(PeripheralDeviceType type, boolean removable, List<Integer> vpdPages, String unitSerialNumber,
        List<byte[]> designators, List<CommandDescriptor> commands) {

    /** Before the first login: nothing known. */
    static final BackendIdentity UNKNOWN = new BackendIdentity(PeripheralDeviceType.UNKNOWN, false, List.of(), null,
            List.of(), List.of());

    private static final int INQUIRY = 0x12;
    private static final int MAINTENANCE_IN = 0xA3;
    private static final int RSOC = 0x0C;

    /** Reads the identity over {@code s}; a page the device does not offer is left empty, never fails. */
    static CompletableFuture<BackendIdentity> read(ScsiPath s, long timeoutMs) {
        return dataIn(s, new byte[] {INQUIRY, 0, 0, 0, 36, 0}, timeoutMs).thenCompose(std -> dataIn(s, vpd(0x00), timeoutMs)
                .thenCompose(pages -> dataIn(s, vpd(0x80), timeoutMs).thenCompose(usn -> dataIn(s, vpd(0x83), timeoutMs)
                        .thenCompose(ids -> dataIn(s, rsoc(0, 0, -1, 65536), timeoutMs)
                                .thenCompose(all -> commands(s, timeoutMs, all, 0, new ArrayList<>()))
                                .thenApply(cmds -> new BackendIdentity(type(std), std != null && std.length > 1
                                        && (std[1] & 0x80) != 0, vpdPages(pages), serial(usn), designators(ids),
                                        List.copyOf(cmds)))))));
    }

    /** The peripheral device type of a standard INQUIRY answer, if the qualifier says the device is connected. */
    static PeripheralDeviceType type(byte[] standard) {
        if (standard == null || standard.length < 1 || (standard[0] & 0xE0) != 0) {
            return PeripheralDeviceType.UNKNOWN;
        }
        int code = standard[0] & 0x1F;
        for (PeripheralDeviceType t : PeripheralDeviceType.values()) {
            if (t.code() == code) {
                return t;
            }
        }
        return PeripheralDeviceType.UNKNOWN;
    }

    /** The page codes of a VPD 00h answer. */
    static List<Integer> vpdPages(byte[] page) {
        List<Integer> out = new ArrayList<>();
        if (page != null && page.length >= 4) {
            int end = Math.min(page.length, 4 + ((page[2] & 0xFF) << 8 | (page[3] & 0xFF)));
            for (int at = 4; at < end; at++) {
                out.add(page[at] & 0xFF);
            }
        }
        return List.copyOf(out);
    }

    private static byte[] vpd(int page) {
        return new byte[] {INQUIRY, 1, (byte) page, 0x10, 0, 0};
    }

    /** REPORT SUPPORTED OPERATION CODES: all commands (option 0), or one with (2) or without (1) service action. */
    private static byte[] rsoc(int option, int opcode, int serviceAction, int allocation) {
        return new byte[] {(byte) MAINTENANCE_IN, RSOC, (byte) option, (byte) opcode, (byte) (Math.max(serviceAction, 0) >> 8),
                (byte) Math.max(serviceAction, 0), (byte) (allocation >> 24), (byte) (allocation >> 16), (byte) (allocation >> 8),
                (byte) allocation, 0, 0};
    }

    /** The data-in of a command that ended GOOD, or {@code null}. */
    static CompletableFuture<byte[]> dataIn(ScsiPath s, byte[] cdb, long timeoutMs) {
        CdbInfo info = CdbTable.of(Unpooled.wrappedBuffer(cdb), PeripheralDeviceType.DIRECT_ACCESS_BLOCK, 0);
        int allocation = info == null ? 0 : (int) Math.max(0, info.length());
        return s.execute(Unpooled.wrappedBuffer(cdb), true, allocation, null, timeoutMs).handle((r, e) -> {
            if (r == null) {
                return null;
            }
            try {
                ByteBuf d = r.dataIn();
                return r.status() == 0 ? bytes(d) : null;
            } finally {
                r.release();
            }
        });
    }

    private static byte[] bytes(ByteBuf d) {
        byte[] b = new byte[d.readableBytes()];
        d.getBytes(d.readerIndex(), b);
        return b;
    }

    /** Asks for each listed command's CDB usage data, one after the other (a few dozen, once per login). */
    private static CompletableFuture<List<CommandDescriptor>> commands(ScsiPath s, long timeoutMs, byte[] all, int offset,
            List<CommandDescriptor> found) {
        int end = all == null || all.length < 4 ? 0 : Math.min(all.length, 4 + u32(all, 0));
        int at = 4 + offset;
        if (at + 8 > end) {
            return CompletableFuture.completedFuture(found);
        }
        int opcode = all[at] & 0xFF;
        boolean withSa = (all[at + 5] & 0x01) != 0;
        int sa = withSa ? (all[at + 2] & 0xFF) << 8 | (all[at + 3] & 0xFF) : -1;
        int next = offset + ((all[at + 5] & 0x02) != 0 ? 20 : 8);
        return dataIn(s, rsoc(withSa ? 2 : 1, opcode, sa, 4 + 32), timeoutMs).thenCompose(one -> {
            if (one != null && one.length >= 4 && ((one[1] & 0x07) == 3 || (one[1] & 0x07) == 5)) {
                int size = (one[2] & 0xFF) << 8 | (one[3] & 0xFF);
                if (size > 0 && one.length >= 4 + size) {
                    found.add(new CommandDescriptor(opcode, sa, Arrays.copyOfRange(one, 4, 4 + size)));
                }
            }
            return commands(s, timeoutMs, all, next, found);
        });
    }

    static String serial(byte[] page) {
        if (page == null || page.length < 4) {
            return null;
        }
        int length = Math.min(page.length - 4, (page[2] & 0xFF) << 8 | (page[3] & 0xFF));
        // Devices pad with spaces or NULs; anything else unprintable is not an SPC serial number and is not kept
        // (the core then derives one), rather than leaving the device unattachable.
        String usn = new String(page, 4, length, StandardCharsets.US_ASCII).replace('\0', ' ').strip();
        return usn.isEmpty() || !usn.chars().allMatch(ch -> ch >= 0x20 && ch <= 0x7E) ? null : usn;
    }

    static List<byte[]> designators(byte[] page) {
        List<byte[]> out = new ArrayList<>();
        if (page == null || page.length < 4) {
            return out;
        }
        int end = Math.min(page.length, 4 + ((page[2] & 0xFF) << 8 | (page[3] & 0xFF)));
        for (int at = 4; at + 4 <= end; ) {
            int length = 4 + (page[at + 3] & 0xFF);
            if (at + length > end) {
                break;
            }
            if ((page[at + 1] & 0x30) == 0) {
                out.add(Arrays.copyOfRange(page, at, at + length));
            }
            at += length;
        }
        return out;
    }

    private static int u32(byte[] b, int at) {
        return (b[at] & 0xFF) << 24 | (b[at + 1] & 0xFF) << 16 | (b[at + 2] & 0xFF) << 8 | (b[at + 3] & 0xFF);
    }
}
