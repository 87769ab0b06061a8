package io.quiver.handler.passthrough.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quiver.scsi.PeripheralDeviceType;
import org.junit.jupiter.api.Test;

/** Per-type timeouts: the same opcode is a quick command on one type and a long one on another. */
class CommandTimeoutsTest {

    private static final long CONFIGURED = 30_000;

    @Test
    void opcode2BhIsAQuickSeekOnADiskButALongLocateOnATapeAndALongPositionOnAChanger() {
        assertEquals(CONFIGURED, CommandTimeouts.of(PeripheralDeviceType.DIRECT_ACCESS_BLOCK, 0x2B, CONFIGURED));
        assertEquals(CommandTimeouts.MEDIUM_LONG_MS, CommandTimeouts.of(PeripheralDeviceType.SEQUENTIAL_ACCESS, 0x2B, CONFIGURED));
        assertEquals(CommandTimeouts.MEDIUM_LONG_MS, CommandTimeouts.of(PeripheralDeviceType.MEDIUM_CHANGER, 0x2B, CONFIGURED));
    }

    @Test
    void tapeDataCommandsGetTheRegularTapeTimeoutAndMotionTheLongOne() {
        assertEquals(CommandTimeouts.TAPE_REGULAR_MS, CommandTimeouts.of(PeripheralDeviceType.SEQUENTIAL_ACCESS, 0x08, CONFIGURED));
        assertEquals(CommandTimeouts.TAPE_REGULAR_MS, CommandTimeouts.of(PeripheralDeviceType.SEQUENTIAL_ACCESS, 0x10, CONFIGURED));
        assertEquals(CommandTimeouts.MEDIUM_LONG_MS, CommandTimeouts.of(PeripheralDeviceType.SEQUENTIAL_ACCESS, 0x01, CONFIGURED));
        assertEquals(CommandTimeouts.MEDIUM_LONG_MS, CommandTimeouts.of(PeripheralDeviceType.SEQUENTIAL_ACCESS, 0x93, CONFIGURED));
        assertEquals(CONFIGURED, CommandTimeouts.of(PeripheralDeviceType.SEQUENTIAL_ACCESS, 0x00, CONFIGURED));
    }

    @Test
    void aConfiguredTimeoutLongerThanSCSTsIsKept() {
        assertEquals(99_000_000, CommandTimeouts.of(PeripheralDeviceType.MEDIUM_CHANGER, 0xA5, 99_000_000));
        assertEquals(CommandTimeouts.DISK_LONG_MS, CommandTimeouts.of(PeripheralDeviceType.CD_DVD, 0x1B, CONFIGURED));
        assertEquals(CONFIGURED, CommandTimeouts.of(PeripheralDeviceType.MEDIUM_CHANGER, 0xB8, CONFIGURED));
    }
}
