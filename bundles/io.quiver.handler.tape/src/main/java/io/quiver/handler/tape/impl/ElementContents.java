package io.quiver.handler.tape.impl;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntConsumer;

/**
 * What is in a library's elements: the barcode in each slot and import/export element, the cartridge in
 * each drive (the drives hold those themselves), and the storage element each cartridge came from (the
 * source address READ ELEMENT STATUS reports with SVALID). Taking a cartridge out of a drive flushes and
 * closes it; putting one in loads it; both tell the drive's listener, which raises its unit attention.
 *
 * <p>Not thread-safe: its {@link Library}'s lock serializes the calls.
 */
final class ElementContents {

    private final ElementMap elements;
    private final List<TapeDrive> drives;
    private final CartridgeFolder folder;
    private final IntConsumer driveChanged;
    /** Barcode by element address, for slots and import/export elements. */
    private final Map<Integer, String> shelf = new TreeMap<>();
    /** The storage element each full element's cartridge came from (SMC's SVALID source address). */
    private final Map<Integer, Integer> source = new TreeMap<>();

    ElementContents(ElementMap elements, List<TapeDrive> drives, CartridgeFolder folder, IntConsumer driveChanged) {
        this.elements = elements;
        this.drives = List.copyOf(drives);
        this.folder = folder;
        this.driveChanged = driveChanged;
    }

    ElementMap elements() {
        return elements;
    }

    /** The barcode at an element, or null if it is empty or no element has that address. */
    String at(int address) {
        int d = ElementMap.drive(address);
        if (d >= 0 && d < drives.size()) {
            Cartridge c = drives.get(d).cartridge();
            return c == null ? null : c.barcode();
        }
        return shelf.get(address);
    }

    Integer sourceOf(int address) {
        return source.get(address);
    }

    /** The recorded source of {@code address}, else {@code fallback}. */
    Integer sourceOf(int address, Integer fallback) {
        return source.getOrDefault(address, fallback);
    }

    /** Every source address recorded, by element address. */
    Map<Integer, Integer> sources() {
        return source;
    }

    /** Whether {@code address} is a drive whose cartridge PREVENT ALLOW MEDIUM REMOVAL holds there. */
    boolean removalPrevented(int address) {
        return elements.type(address) == ElementMap.DATA_TRANSFER
                && drives.get(ElementMap.drive(address)).removalPrevented();
    }

    /** Empties an element (a drive's cartridge is flushed and closed first); its barcode, or null. */
    String take(int address) throws IOException {
        source.remove(address);
        if (elements.type(address) == ElementMap.DATA_TRANSFER) {
            int d = ElementMap.drive(address);
            Cartridge c = drives.get(d).remove();
            if (c == null) {
                return null;
            }
            c.close();
            driveChanged.accept(d);
            return c.barcode();
        }
        return shelf.remove(address);
    }

    /** Fills an element (a drive loads the cartridge); {@code origin} null records no source address. */
    void put(int address, String barcode, Integer origin) throws IOException {
        if (barcode == null) {
            return;
        }
        if (origin != null) {
            source.put(address, origin);
        }
        if (elements.type(address) == ElementMap.DATA_TRANSFER) {
            int d = ElementMap.drive(address);
            drives.get(d).insert(folder.open(barcode));
            driveChanged.accept(d);
        } else {
            shelf.put(address, barcode);
        }
    }

    /** Whether the cartridge is in some element already. */
    boolean placed(String barcode) {
        return shelf.containsValue(barcode)
                || drives.stream().map(TapeDrive::cartridge).anyMatch(c -> c != null && c.barcode().equals(barcode));
    }

    void placeInFreeSlot(String barcode) {
        for (int a = ElementMap.FIRST_SLOT; a < ElementMap.FIRST_SLOT + elements.slots(); a++) {
            if (!shelf.containsKey(a)) {
                shelf.put(a, barcode);
                return;
            }
        }
    }

    /** The barcode of every element that holds a cartridge, by address. */
    Map<Integer, String> full() {
        Map<Integer, String> out = new TreeMap<>(shelf);
        for (int d = 0; d < drives.size(); d++) {
            Cartridge c = drives.get(d).cartridge();
            if (c != null) {
                out.put(ElementMap.FIRST_DRIVE + d, c.barcode());
            }
        }
        return out;
    }

    /** Takes every drive's cartridge out, flushed and closed, without telling anyone (the library closes). */
    void unloadAll() throws IOException {
        for (TapeDrive d : drives) {
            Cartridge c = d.remove();
            if (c != null) {
                c.close();
            }
        }
    }
}
