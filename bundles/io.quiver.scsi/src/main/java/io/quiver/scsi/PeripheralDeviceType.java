package io.quiver.scsi;

/**
 * Peripheral device types (SPC-4, table 141), as reported in byte 0 of INQUIRY data.
 */
public enum PeripheralDeviceType {
    DIRECT_ACCESS_BLOCK(0x00),
    SEQUENTIAL_ACCESS(0x01),
    PRINTER(0x02),
    PROCESSOR(0x03),
    WRITE_ONCE(0x04),
    CD_DVD(0x05),
    OPTICAL_MEMORY(0x07),
    MEDIUM_CHANGER(0x08),
    STORAGE_ARRAY_CONTROLLER(0x0C),
    ENCLOSURE_SERVICES(0x0D),
    SIMPLIFIED_DIRECT_ACCESS(0x0E),
    UNKNOWN(0x1F);

    private final int code;

    PeripheralDeviceType(int code) {
        this.code = code;
    }

    /** The five-bit PERIPHERAL DEVICE TYPE field. */
    public int code() {
        return code;
    }
}
