package io.quiver.handler.tape.impl;

import java.util.ArrayList;
import java.util.List;

/**
 * The element addresses of a library (SMC-3 4.2, reported in mode page 1Dh): one medium transport element
 * at {@value #TRANSPORT}, import/export elements from {@value #FIRST_IE}, data transfer elements (drives)
 * from {@value #FIRST_DRIVE} and storage elements (slots) from {@value #FIRST_SLOT}. The ranges leave room
 * for the largest library the constructor accepts, so no two element types ever share an address.
 *
 * <p>Immutable, so thread-safe.
 */
final class ElementMap {

    static final int TRANSPORT = 0x0000;
    static final int FIRST_IE = 0x0010;
    static final int FIRST_DRIVE = 0x0100;
    static final int FIRST_SLOT = 0x1000;

    /** Element type codes as READ ELEMENT STATUS and its element status pages use them; 0 is none. */
    static final int MEDIUM_TRANSPORT = 1;
    static final int STORAGE = 2;
    static final int IMPORT_EXPORT = 3;
    static final int DATA_TRANSFER = 4;

    private final int slots;
    private final int ieSlots;
    private final int drives;

    ElementMap(int slots, int ieSlots, int drives) {
        if (slots < 1 || slots > 0xEFFF || ieSlots < 0 || ieSlots > 0xF0 || drives < 1 || drives > 0xF00) {
            throw new IllegalArgumentException(
                    "a library needs 1..61439 slots, 0..240 import/export elements and 1..3840 drives");
        }
        this.slots = slots;
        this.ieSlots = ieSlots;
        this.drives = drives;
    }

    int slots() {
        return slots;
    }

    int ieSlots() {
        return ieSlots;
    }

    int driveCount() {
        return drives;
    }

    /** Whether {@code address} names an element of any type. */
    boolean exists(int address) {
        return type(address) != 0;
    }

    /** The element type at {@code address}, 0 if no element has it. */
    int type(int address) {
        if (address == TRANSPORT) {
            return MEDIUM_TRANSPORT;
        }
        if (address >= FIRST_SLOT && address < FIRST_SLOT + slots) {
            return STORAGE;
        }
        if (address >= FIRST_IE && address < FIRST_IE + ieSlots) {
            return IMPORT_EXPORT;
        }
        return address >= FIRST_DRIVE && address < FIRST_DRIVE + drives ? DATA_TRANSFER : 0;
    }

    /** Whether a cartridge can be at {@code address} (every element but the transport: it never holds one). */
    boolean holdsMedium(int address) {
        return exists(address) && type(address) != MEDIUM_TRANSPORT;
    }

    /** The drive index of a data transfer element's address. */
    static int drive(int address) {
        return address - FIRST_DRIVE;
    }

    /** Every address of element type {@code type}, ascending. */
    List<Integer> addresses(int type) {
        List<Integer> out = new ArrayList<>();
        switch (type) {
            case MEDIUM_TRANSPORT -> out.add(TRANSPORT);
            case STORAGE -> range(out, FIRST_SLOT, slots);
            case IMPORT_EXPORT -> range(out, FIRST_IE, ieSlots);
            default -> range(out, FIRST_DRIVE, drives);
        }
        return out;
    }

    /** The management views' name of an element ({@code slot1}, {@code ie1}, {@code drive0}), or {@code nowhere}. */
    String location(Integer address) {
        if (address == null) {
            return "nowhere";
        }
        return switch (type(address)) {
            case STORAGE -> "slot" + (address - FIRST_SLOT + 1);
            case IMPORT_EXPORT -> "ie" + (address - FIRST_IE + 1);
            default -> "drive" + drive(address);
        };
    }

    private static void range(List<Integer> out, int first, int n) {
        for (int i = 0; i < n; i++) {
            out.add(first + i);
        }
    }
}
