package io.quiver.handler.passthrough.impl;

import io.quiver.scsi.PeripheralDeviceType;

/**
 * SCST's pass-through dev handlers: each takes real devices of one peripheral device type and no other, as
 * SCST's {@code dev_disk}, {@code dev_tape}, ... attach only to devices of their type. Each has its own factory
 * PID, whose configurations are its devices. Immutable.
 */
enum PassThroughType {
    DISK("dev_disk", PeripheralDeviceType.DIRECT_ACCESS_BLOCK, PassThroughType.DISK_PID),
    TAPE("dev_tape", PeripheralDeviceType.SEQUENTIAL_ACCESS, PassThroughType.TAPE_PID),
    PROCESSOR("dev_processor", PeripheralDeviceType.PROCESSOR, PassThroughType.PROCESSOR_PID),
    CDROM("dev_cdrom", PeripheralDeviceType.CD_DVD, PassThroughType.CDROM_PID),
    CHANGER("dev_changer", PeripheralDeviceType.MEDIUM_CHANGER, PassThroughType.CHANGER_PID),
    RAID("dev_raid", PeripheralDeviceType.STORAGE_ARRAY_CONTROLLER, PassThroughType.RAID_PID);

    /** The factory PIDs, constant expressions for the components' annotations. */
    static final String DISK_PID = "io.quiver.handler.passthrough.disk";
    static final String TAPE_PID = "io.quiver.handler.passthrough.tape";
    static final String PROCESSOR_PID = "io.quiver.handler.passthrough.processor";
    static final String CDROM_PID = "io.quiver.handler.passthrough.cdrom";
    static final String CHANGER_PID = "io.quiver.handler.passthrough.changer";
    static final String RAID_PID = "io.quiver.handler.passthrough.raid";

    private final String handlerName;
    private final PeripheralDeviceType deviceType;
    private final String pid;

    PassThroughType(String handlerName, PeripheralDeviceType deviceType, String pid) {
        this.handlerName = handlerName;
        this.deviceType = deviceType;
        this.pid = pid;
    }

    /** SCST's name of the handler. */
    String handlerName() {
        return handlerName;
    }

    /** The peripheral device type of the devices the handler takes. */
    PeripheralDeviceType deviceType() {
        return deviceType;
    }

    /** The factory PID whose configurations are the handler's devices. */
    String pid() {
        return pid;
    }
}
