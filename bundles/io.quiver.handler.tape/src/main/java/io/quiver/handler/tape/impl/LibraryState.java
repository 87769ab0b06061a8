package io.quiver.handler.tape.impl;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The file {@value #STATE} in a library's folder: which cartridge (barcode) is in which element, and the
 * storage element each came from (SMC's source address), so a restart finds the cartridges where they
 * were. Lines are {@code element.<address hex>=<barcode>} and {@code source.<address hex>=<address hex>}.
 * A new state goes to a temporary file first and replaces the old one atomically: a crash leaves the old
 * or the new state, never half of one.
 *
 * <p>Stateless; its library's lock serializes the calls.
 */
final class LibraryState {

    static final String STATE = "library.state";

    /** One recorded element: its cartridge and, if recorded, the storage element it came from. */
    record Entry(int address, String barcode, Integer source) {
    }

    private LibraryState() {
    }

    /** Whether {@code file} is the state file or its temporary copy (not a cartridge). */
    static boolean isStateFile(Path file) {
        String name = file.getFileName().toString();
        return name.equals(STATE) || name.endsWith(".tmp");
    }

    /** The recorded elements, none if the folder has no state yet. */
    static List<Entry> load(Path folder) throws IOException {
        Path state = folder.resolve(STATE);
        Properties p = new Properties();
        if (Files.exists(state)) {
            try (Reader r = Files.newBufferedReader(state)) {
                p.load(r);
            }
        }
        List<Entry> out = new ArrayList<>();
        for (String key : p.stringPropertyNames()) {
            if (!key.startsWith("element.")) {
                continue;
            }
            String src = p.getProperty("source." + key.substring(8));
            out.add(new Entry(Integer.parseInt(key.substring(8), 16), p.getProperty(key),
                    src == null ? null : Integer.parseInt(src, 16)));
        }
        return out;
    }

    /**
     * @param full the barcode of every element that holds a cartridge
     * @param source the source element by address; only those of full elements are written
     */
    static void save(Path folder, Map<Integer, String> full, Map<Integer, Integer> source) throws IOException {
        Properties p = new Properties();
        full.forEach((a, b) -> p.setProperty(String.format("element.%04x", a), b));
        for (int a : full.keySet()) {
            Integer s = source.get(a);
            if (s != null) {
                p.setProperty(String.format("source.%04x", a), String.format("%04x", s));
            }
        }
        Path tmp = folder.resolve(STATE + ".tmp");
        try (Writer w = Files.newBufferedWriter(tmp)) {
            p.store(w, "Quiver tape library: which cartridge (barcode) is in which element");
        }
        Files.move(tmp, folder.resolve(STATE), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
    }
}
