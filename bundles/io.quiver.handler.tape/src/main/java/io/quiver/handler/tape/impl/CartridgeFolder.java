package io.quiver.handler.tape.impl;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A library's folder of cartridge files: every file that opens as a cartridge counts, under the barcode
 * in its MAM (not its file name, so {@code tgtimg}'s files count too); other files may live beside them.
 * New cartridges are created as {@code <barcode>}{@value #SUFFIX}.
 *
 * <p>Not thread-safe: its library's lock serializes the calls.
 */
final class CartridgeFolder {

    static final String SUFFIX = ".img";

    private final Path folder;
    private final Map<String, Path> files = new TreeMap<>();

    CartridgeFolder(Path folder) throws IOException {
        this.folder = folder;
        Files.createDirectories(folder);
    }

    Path path() {
        return folder;
    }

    /** The barcodes known, in order. */
    Set<String> barcodes() {
        return files.keySet();
    }

    boolean contains(String barcode) {
        return files.containsKey(barcode);
    }

    /** Opens the cartridge for a drive. */
    Cartridge open(String barcode) throws IOException {
        return Cartridge.open(files.get(barcode));
    }

    /** Creates a blank cartridge file; {@code false} (and nothing done) if the barcode exists. */
    boolean create(String barcode, long capacityMb) throws IOException {
        if (files.containsKey(barcode)) {
            return false;
        }
        Path f = folder.resolve(barcode + SUFFIX);
        Cartridge.create(f, barcode, capacityMb);
        files.put(barcode, f);
        return true;
    }

    /** Finds cartridge files added to the folder since the last scan; those known keep their file. */
    void scan() throws IOException {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(folder)) {
            for (Path f : ds) {
                if (!Files.isRegularFile(f) || LibraryState.isStateFile(f)) {
                    continue;
                }
                try (Cartridge c = Cartridge.openReadOnly(f)) {
                    files.putIfAbsent(c.barcode(), f);
                } catch (IOException notACartridge) {
                    // other files may live in the folder; only cartridges count
                }
            }
        }
    }

    /** {@code used=<bytes> free=<bytes>} of a cartridge, read without writing to it. */
    String usage(String barcode) throws IOException {
        try (Cartridge c = Cartridge.openReadOnly(files.get(barcode))) {
            return "used=" + c.used() + " free=" + Math.max(0, c.capacity() - c.used());
        }
    }
}
