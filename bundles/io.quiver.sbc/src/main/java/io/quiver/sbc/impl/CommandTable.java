package io.quiver.sbc.impl;

import io.quiver.spi.device.CommandDescriptor;
import java.util.ArrayList;
import java.util.List;

/**
 * What an SBC device executes, for REPORT SUPPORTED OPERATION CODES (SPC-4 6.35): every opcode and
 * service action {@link Dispatch} answers, with a CDB usage map whose 1 bits are the bits the command
 * classes look at (reserved bits 0, so initiators can see what is checked). {@link ReservedFields}
 * rejects a CDB with a bit set outside its map, so the map and the checks cannot drift apart. Immutable.
 */
public final class CommandTable {

    // 7Fh, CONTROL, reserved 2-5, GROUP NUMBER not looked at, ADDITIONAL CDB LENGTH, SERVICE ACTION;
    // then byte 10 (PROTECT and flags), reserved 11, LBA, reference tag, application tag and mask, length.
    private static final String VARIABLE_PREFIX = "7F 07 00 00 00 00 00 FF FF FF ";
    private static final String VARIABLE_SUFFIX = " 00" + " FF".repeat(20);

    private static final String[][] ROWS = {
        {"-", "00 00 00 00 00 07"},                                   // TEST UNIT READY
        {"-", "04 FF 00 00 00 07"},                                   // FORMAT UNIT
        {"-", "08 1F FF FF FF 07"},                                   // READ (6)
        {"-", "0A 1F FF FF FF 07"},                                   // WRITE (6)
        {"-", "15 11 00 00 FF 07"},                                   // MODE SELECT (6)
        {"-", "1A 08 FF FF FF 07"},                                   // MODE SENSE (6)
        {"-", "1B 01 00 0F F7 07"},                                   // START STOP UNIT
        {"-", "1E 00 00 00 03 07"},                                   // PREVENT ALLOW MEDIUM REMOVAL
        {"-", "25 00 FF FF FF FF 00 00 01 07"},                       // READ CAPACITY (10)
        {"-", "28 FA FF FF FF FF 1F FF FF 07"},                       // READ (10)
        {"-", "2A FA FF FF FF FF 1F FF FF 07"},                       // WRITE (10)
        {"-", "2E F6 FF FF FF FF 1F FF FF 07"},                       // WRITE AND VERIFY (10)
        {"-", "2F F6 FF FF FF FF 1F FF FF 07"},                       // VERIFY (10)
        {"-", "34 02 FF FF FF FF 1F FF FF 07"},                       // PRE-FETCH (10)
        {"-", "35 02 FF FF FF FF 1F FF FF 07"},                       // SYNCHRONIZE CACHE (10)
        {"-", "37 00 1F 00 00 00 00 FF FF 07"},                       // READ DEFECT DATA (10)
        {"-", "41 F8 FF FF FF FF 1F FF FF 07"},                       // WRITE SAME (10)
        {"-", "42 01 00 00 00 00 1F FF FF 07"},                       // UNMAP
        {"1", "48 BF 00 00 00 00 00 FF FF 07"},                       // SANITIZE OVERWRITE
        {"2", "48 BF 00 00 00 00 00 FF FF 07"},                       // SANITIZE BLOCK ERASE
        {"31", "48 BF 00 00 00 00 00 FF FF 07"},                      // SANITIZE EXIT FAILURE MODE
        {"-", "55 11 00 00 00 00 00 FF FF 07"},                       // MODE SELECT (10)
        {"-", "5A 18 FF FF 00 00 00 FF FF 07"},                       // MODE SENSE (10)
        {"0", "83 1F 00 00 00 00 00 00 00 00 FF FF FF FF 00 07"},     // EXTENDED COPY (LID1)
        {"0", "84 1F FF 00 00 00 00 00 00 00 FF FF FF FF 00 07"},     // RECEIVE COPY RESULTS: COPY STATUS
        {"3", "84 1F 00 00 00 00 00 00 00 00 FF FF FF FF 00 07"},     // RECEIVE COPY RESULTS: OPERATING PARAMETERS
        {"-", "88 FA FF FF FF FF FF FF FF FF FF FF FF FF 1F 07"},     // READ (16)
        {"-", "89 FA FF FF FF FF FF FF FF FF 00 00 00 FF 1F 07"},     // COMPARE AND WRITE
        {"-", "8A FA FF FF FF FF FF FF FF FF FF FF FF FF 1F 07"},     // WRITE (16)
        {"-", "8B FA FF FF FF FF FF FF FF FF FF FF FF FF 1F 07"},     // ORWRITE (16)
        {"-", "8E F6 FF FF FF FF FF FF FF FF FF FF FF FF 1F 07"},     // WRITE AND VERIFY (16)
        {"-", "8F F6 FF FF FF FF FF FF FF FF FF FF FF FF 1F 07"},     // VERIFY (16)
        {"-", "90 02 FF FF FF FF FF FF FF FF FF FF FF FF 1F 07"},     // PRE-FETCH (16)
        {"-", "91 02 FF FF FF FF FF FF FF FF FF FF FF FF 1F 07"},     // SYNCHRONIZE CACHE (16)
        {"-", "93 F9 FF FF FF FF FF FF FF FF FF FF FF FF 1F 07"},     // WRITE SAME (16)
        {"-", "9C F8 FF FF FF FF FF FF FF FF FF FF FF FF 1F 07"},     // WRITE ATOMIC (16)
        {"16", "9E 1F 00 00 00 00 00 00 00 00 FF FF FF FF 00 07"},    // READ CAPACITY (16)
        {"18", "9E 1F FF FF FF FF FF FF FF FF FF FF FF FF 00 07"},    // GET LBA STATUS
        {"-", "A8 FA FF FF FF FF FF FF FF FF 1F 07"},                 // READ (12)
        {"-", "AA FA FF FF FF FF FF FF FF FF 1F 07"},                 // WRITE (12)
        {"-", "AE F6 FF FF FF FF FF FF FF FF 1F 07"},                 // WRITE AND VERIFY (12)
        {"-", "AF F6 FF FF FF FF FF FF FF FF 1F 07"},                 // VERIFY (12)
        {"-", "B7 1F 00 00 00 00 FF FF FF FF 00 07"},                 // READ DEFECT DATA (12)
    };

    /**
     * VARIABLE LENGTH (7Fh) commands, by their 16-bit service action (bytes 8-9), offered on type 2
     * protection only: their CONTROL byte is byte 1, and {@link #find} does not index them (their service
     * action is not in byte 1), so ReservedFields leaves them to {@link ProtectedReadWrite}.
     */
    private static final String[][] VARIABLE_ROWS = {
        {"9", VARIABLE_PREFIX + "F8" + VARIABLE_SUFFIX},            // READ (32)
        {"10", VARIABLE_PREFIX + "F6" + VARIABLE_SUFFIX},           // VERIFY (32)
        {"11", VARIABLE_PREFIX + "F8" + VARIABLE_SUFFIX},           // WRITE (32)
        {"12", VARIABLE_PREFIX + "F6" + VARIABLE_SUFFIX},           // WRITE AND VERIFY (32)
        {"13", VARIABLE_PREFIX + "F9" + VARIABLE_SUFFIX},           // WRITE SAME (32)
    };

    private static final List<CommandDescriptor> ALL = build(ROWS);
    private static final List<CommandDescriptor> VARIABLE = build(VARIABLE_ROWS);
    private static final List<CommandDescriptor>[] BY_OPCODE = index();

    private CommandTable() {
    }

    /** The commands with their usage maps; UNMAP and SANITIZE BLOCK ERASE only on thin stores. */
    public static List<CommandDescriptor> commands(boolean thinProvisioned) {
        return commands(thinProvisioned, true);
    }

    /**
     * The commands with their usage maps: UNMAP and SANITIZE BLOCK ERASE only on thin stores, WRITE
     * ATOMIC (16) only on stores that write atomically.
     */
    public static List<CommandDescriptor> commands(boolean thinProvisioned, boolean atomicWrites) {
        return commands(thinProvisioned, atomicWrites, 0);
    }

    /**
     * As {@link #commands(boolean, boolean)}, plus READ/VERIFY/WRITE/WRITE AND VERIFY/WRITE SAME (32) on a
     * device formatted with type 2 protection, the only one that executes them.
     */
    public static List<CommandDescriptor> commands(boolean thinProvisioned, boolean atomicWrites,
            int protectionType) {
        if (thinProvisioned && atomicWrites && protectionType != 2) {
            return ALL;
        }
        List<CommandDescriptor> out = new ArrayList<>(ALL);
        if (protectionType == 2) {
            out.addAll(VARIABLE);
        }
        out.removeIf(c -> (!thinProvisioned
                && (c.opcode() == 0x42 || (c.opcode() == 0x48 && c.serviceAction() == 0x02)))
                || (!atomicWrites && c.opcode() == 0x9C));
        return List.copyOf(out);
    }

    /**
     * The row for a CDB: by operation code and, for commands with service actions (bits 4-0 of byte 1),
     * by service action; {@code null} if there is none (the command class rejects it).
     */
    static CommandDescriptor find(int opcode, int serviceActionByte) {
        List<CommandDescriptor> rows = BY_OPCODE[opcode & 0xFF];
        if (rows == null) {
            return null;
        }
        for (CommandDescriptor c : rows) {
            if (c.serviceAction() < 0 || c.serviceAction() == (serviceActionByte & 0x1F)) {
                return c;
            }
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    private static List<CommandDescriptor>[] index() {
        List<CommandDescriptor>[] out = new List[256];
        for (CommandDescriptor c : ALL) {
            if (out[c.opcode()] == null) {
                out[c.opcode()] = new ArrayList<>();
            }
            out[c.opcode()].add(c);
        }
        return out;
    }

    private static List<CommandDescriptor> build(String[][] rows) {
        List<CommandDescriptor> out = new ArrayList<>();
        for (String[] row : rows) {
            String[] hex = row[1].split(" ");
            byte[] map = new byte[hex.length];
            for (int i = 0; i < hex.length; i++) {
                map[i] = (byte) Integer.parseInt(hex[i], 16);
            }
            int sa = row[0].equals("-") ? -1 : Integer.parseInt(row[0]);
            out.add(new CommandDescriptor(map[0] & 0xFF, sa, map));
        }
        return List.copyOf(out);
    }
}
