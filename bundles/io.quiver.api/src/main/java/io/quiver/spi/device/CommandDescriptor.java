package io.quiver.spi.device;

/**
 * One supported command as REPORT SUPPORTED OPERATION CODES describes it (SPC-4, 6.35): operation code,
 * service action (if any) and the CDB usage map. Immutable.
 *
 * @param opcode the operation code
 * @param serviceAction the service action, or -1 if the opcode has none
 * @param cdbUsageMap the CDB USAGE DATA bytes: byte 0 is the opcode, each other byte has a 1 bit for each
 *        CDB bit the device server looks at
 */
public record CommandDescriptor(int opcode, int serviceAction, byte[] cdbUsageMap) {

    public CommandDescriptor {
        cdbUsageMap = cdbUsageMap.clone();
    }

    @Override
    public byte[] cdbUsageMap() {
        return cdbUsageMap.clone();
    }

    /**
     * A command without service action from its usage map written as ints, one a byte, as the standards'
     * tables print them ({@code of(0x08, 0x03, 0xFF, 0xFF, 0xFF, 0)} for READ (6)); only the low eight bits
     * of each count.
     */
    public static CommandDescriptor of(int... usage) {
        byte[] map = new byte[usage.length];
        for (int i = 0; i < usage.length; i++) {
            map[i] = (byte) usage[i];
        }
        return new CommandDescriptor(usage[0], -1, map);
    }

    /** The CDB length, from the usage map. */
    public int cdbLength() {
        return cdbUsageMap.length;
    }
}
