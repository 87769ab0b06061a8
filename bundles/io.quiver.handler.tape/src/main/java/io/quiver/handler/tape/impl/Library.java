package io.quiver.handler.tape.impl;

import io.quiver.scsi.SenseData;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntConsumer;

/**
 * A tape library (SMC-3): one medium transport element, storage slots, import/export elements and data
 * transfer elements (the library's {@link TapeDrive}s), over a {@link CartridgeFolder}. Which cartridge
 * is where ({@link ElementContents}) is kept in the folder's {@link LibraryState}, so a restart finds them
 * where they were (a cartridge in a drive is loaded again); cartridge files not placed yet go to the
 * first free slots. Addresses are the {@link ElementMap}'s; {@link MediumMoves} checks a move first.
 *
 * <p>Thread-safe: every method that reads or changes the contents is synchronized; a drive's own lock is
 * taken inside the library's.
 */
final class Library implements AutoCloseable {

    private final ElementMap elements;
    private final CartridgeFolder folder;
    private final ElementContents contents;

    /** @param driveChanged told the drive index whose cartridge went in or out (for its unit attention) */
    Library(Path folder, int slots, int ieSlots, List<TapeDrive> drives, IntConsumer driveChanged) throws IOException {
        this.elements = new ElementMap(slots, ieSlots, drives.size());
        this.folder = new CartridgeFolder(folder);
        this.contents = new ElementContents(elements, drives, this.folder, driveChanged);
        restore();
    }

    ElementMap elements() {
        return elements;
    }

    /** Creates a blank cartridge file and puts it in the first free slot; no-op if the barcode exists. */
    synchronized void createCartridge(String barcode, long capacityMb) throws IOException {
        if (folder.create(barcode, capacityMb)) {
            contents.placeInFreeSlot(barcode);
            save();
        }
    }

    /** INITIALIZE ELEMENT STATUS: finds cartridge files added to the folder and puts them in free slots. */
    synchronized void rescan() throws IOException {
        scan();
        save();
    }

    /** The barcode at an element, or null if it is empty or no element has that address. */
    synchronized String at(int address) {
        return contents.at(address);
    }

    synchronized Integer sourceOf(int address) {
        return contents.sourceOf(address);
    }

    /** MOVE MEDIUM: {@code null} when done, else the sense of why not. */
    synchronized SenseData move(int from, int to) throws IOException {
        SenseData s = MediumMoves.checkMove(contents, from, to);
        if (s != null) {
            return s;
        }
        if (from != to) {
            Integer origin = contents.sourceOf(from, elements.type(from) == ElementMap.STORAGE ? from : null);
            contents.put(to, contents.take(from), origin);
            save();
        }
        return null;
    }

    /** EXCHANGE MEDIUM: the first destination's cartridge goes to the second destination. */
    synchronized SenseData exchange(int from, int first, int second) throws IOException {
        SenseData s = MediumMoves.checkExchange(contents, from, first, second);
        if (s != null) {
            return s;
        }
        Integer o1 = contents.sourceOf(from, from);
        Integer o2 = contents.sourceOf(first, first);
        String a = contents.take(from);
        String b = contents.take(first);
        contents.put(first, a, o1);
        contents.put(second, b, o2);
        save();
        return null;
    }

    /** Cartridges by barcode: {@code location used=<bytes> free=<bytes>}, for the management views. */
    synchronized Map<String, String> inventory() throws IOException {
        Map<String, Integer> where = new TreeMap<>();
        contents.full().forEach((a, b) -> where.put(b, a));
        Map<String, String> out = new TreeMap<>();
        for (String barcode : folder.barcodes()) {
            out.put(barcode, elements.location(where.get(barcode)) + " " + folder.usage(barcode));
        }
        return out;
    }

    /** Puts the cartridges back where the state file says, skipping what no longer fits or exists. */
    private void restore() throws IOException {
        folder.scan();
        for (LibraryState.Entry e : LibraryState.load(folder.path())) {
            if (elements.holdsMedium(e.address()) && folder.contains(e.barcode())
                    && contents.at(e.address()) == null && !contents.placed(e.barcode())) {
                contents.put(e.address(), e.barcode(), e.source());
            }
        }
        scan();
        save();
    }

    private void scan() throws IOException {
        folder.scan();
        for (String barcode : folder.barcodes()) {
            if (!contents.placed(barcode)) {
                contents.placeInFreeSlot(barcode);
            }
        }
    }

    private void save() throws IOException {
        LibraryState.save(folder.path(), contents.full(), contents.sources());
    }

    /** Flushes and closes the cartridges in the drives (they stay recorded as loaded). */
    @Override
    public synchronized void close() throws IOException {
        save();
        contents.unloadAll();
    }
}
