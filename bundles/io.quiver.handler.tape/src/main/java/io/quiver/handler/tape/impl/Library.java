package io.quiver.handler.tape.impl;

import io.quiver.scsi.AdditionalSense;
import io.quiver.scsi.SenseBuilder;
import io.quiver.scsi.SenseData;
import io.quiver.scsi.SenseKey;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.IntConsumer;

/**
 * A tape library (SMC-3): one medium transport element, storage slots, import/export elements and data
 * transfer elements (the library's {@link TapeDrive}s), over a folder of cartridge files. Which
 * cartridge is where is kept in {@value #STATE} in the folder, so a restart finds them where they were
 * (a cartridge in a drive is loaded again); cartridge files not placed yet go to the first free slots.
 *
 * <p>Element addresses: transport {@value #TRANSPORT}, import/export from {@value #FIRST_IE}, drives
 * from {@value #FIRST_DRIVE}, slots from {@value #FIRST_SLOT}.
 *
 * <p>Thread-safe: every method is synchronized; a drive's own lock is taken inside the library's.
 */
final class Library implements AutoCloseable {

    static final int TRANSPORT = 0x0000;
    static final int FIRST_IE = 0x0010;
    static final int FIRST_DRIVE = 0x0100;
    static final int FIRST_SLOT = 0x1000;
    static final String STATE = "library.state";
    static final String SUFFIX = ".img";

    private final Path folder;
    private final int slots;
    private final int ieSlots;
    private final List<TapeDrive> drives;
    private final IntConsumer driveChanged;
    /** Barcode by element address, for slots and import/export elements. */
    private final Map<Integer, String> shelf = new TreeMap<>();
    /** The storage element each full element's cartridge came from (SMC's SVALID source address). */
    private final Map<Integer, Integer> source = new TreeMap<>();
    private final Map<String, Path> files = new TreeMap<>();

    /**
     * @param driveChanged told the drive index whose cartridge went in or out (for its unit attention)
     */
    Library(Path folder, int slots, int ieSlots, List<TapeDrive> drives, IntConsumer driveChanged) throws IOException {
        if (slots < 1 || slots > 0xEFFF || ieSlots < 0 || ieSlots > 0xF0 || drives.isEmpty() || drives.size() > 0xF00) {
            throw new IllegalArgumentException(
                    "a library needs 1..61439 slots, 0..240 import/export elements and 1..3840 drives");
        }
        this.folder = folder;
        this.slots = slots;
        this.ieSlots = ieSlots;
        this.drives = List.copyOf(drives);
        this.driveChanged = driveChanged;
        Files.createDirectories(folder);
        restore();
    }

    int slots() {
        return slots;
    }

    int ieSlots() {
        return ieSlots;
    }

    int driveCount() {
        return drives.size();
    }

    /** Creates a blank cartridge file and puts it in the first free slot; no-op if the barcode exists. */
    synchronized void createCartridge(String barcode, long capacityMb) throws IOException {
        if (files.containsKey(barcode)) {
            return;
        }
        Path f = folder.resolve(barcode + SUFFIX);
        Cartridge.create(f, barcode, capacityMb);
        files.put(barcode, f);
        placeInFreeSlot(barcode);
        save();
    }

    /** INITIALIZE ELEMENT STATUS: finds cartridge files added to the folder and puts them in free slots. */
    synchronized void rescan() throws IOException {
        scan();
        save();
    }

    /** The barcode at an element, or null if it is empty or no element has that address. */
    synchronized String at(int address) {
        int d = address - FIRST_DRIVE;
        if (d >= 0 && d < drives.size()) {
            Cartridge c = drives.get(d).cartridge();
            return c == null ? null : c.barcode();
        }
        return shelf.get(address);
    }

    synchronized Integer sourceOf(int address) {
        return source.get(address);
    }

    /** Whether {@code address} names an element of {@code type} (1 transport, 2 slot, 3 I/E, 4 drive). */
    boolean exists(int address) {
        return type(address) != 0;
    }

    int type(int address) {
        if (address == TRANSPORT) {
            return 1;
        }
        if (address >= FIRST_SLOT && address < FIRST_SLOT + slots) {
            return 2;
        }
        if (address >= FIRST_IE && address < FIRST_IE + ieSlots) {
            return 3;
        }
        return address >= FIRST_DRIVE && address < FIRST_DRIVE + drives.size() ? 4 : 0;
    }

    /** MOVE MEDIUM: {@code null} when done, else the sense of why not. */
    synchronized SenseData move(int from, int to) throws IOException {
        SenseData s = check(from, to);
        if (s != null) {
            return s;
        }
        if (from != to) {
            Integer origin = source.getOrDefault(from, type(from) == 2 ? from : null);
            put(to, take(from), origin);
            save();
        }
        return null;
    }

    /** EXCHANGE MEDIUM: the first destination's cartridge goes to the second destination. */
    synchronized SenseData exchange(int from, int first, int second) throws IOException {
        for (int a : new int[] {from, first, second}) {
            if (!exists(a) || type(a) == 1) {
                return invalidElement();
            }
        }
        if (at(from) == null || at(first) == null) {
            return sourceEmpty();
        }
        if (second != from && at(second) != null) {
            return elementFull();
        }
        for (int a : new int[] {from, first}) {
            if (type(a) == 4 && drives.get(a - FIRST_DRIVE).removalPrevented()) {
                return SenseData.of(SenseKey.ILLEGAL_REQUEST, AdditionalSense.MEDIUM_REMOVAL_PREVENTED);
            }
        }
        Integer o1 = source.getOrDefault(from, from);
        Integer o2 = source.getOrDefault(first, first);
        String a = take(from);
        String b = take(first);
        put(first, a, o1);
        put(second, b, o2);
        save();
        return null;
    }

    private SenseData check(int from, int to) {
        if (!exists(from) || type(from) == 1) {
            return invalidElement();
        }
        if (!exists(to) || type(to) == 1) {
            return invalidElement();
        }
        if (at(from) == null) {
            return sourceEmpty();
        }
        if (from != to && at(to) != null) {
            return elementFull();
        }
        if (type(from) == 4 && drives.get(from - FIRST_DRIVE).removalPrevented()) {
            return SenseData.of(SenseKey.ILLEGAL_REQUEST, AdditionalSense.MEDIUM_REMOVAL_PREVENTED);
        }
        return null;
    }

    /** ILLEGAL REQUEST, INVALID ELEMENT ADDRESS. */
    private static SenseData invalidElement() {
        return new SenseBuilder(SenseKey.ILLEGAL_REQUEST, 0x21, 0x01).build();
    }

    /** ILLEGAL REQUEST, MEDIUM SOURCE ELEMENT EMPTY. */
    private static SenseData sourceEmpty() {
        return new SenseBuilder(SenseKey.ILLEGAL_REQUEST, 0x3B, 0x0E).build();
    }

    /** ILLEGAL REQUEST, MEDIUM DESTINATION ELEMENT FULL. */
    private static SenseData elementFull() {
        return new SenseBuilder(SenseKey.ILLEGAL_REQUEST, 0x3B, 0x0D).build();
    }

    private String take(int address) throws IOException {
        source.remove(address);
        if (type(address) == 4) {
            int d = address - FIRST_DRIVE;
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

    private void put(int address, String barcode, Integer origin) throws IOException {
        if (barcode == null) {
            return;
        }
        if (origin != null) {
            source.put(address, origin);
        }
        if (type(address) == 4) {
            int d = address - FIRST_DRIVE;
            drives.get(d).insert(Cartridge.open(files.get(barcode)));
            driveChanged.accept(d);
        } else {
            shelf.put(address, barcode);
        }
    }

    /** Cartridges by barcode: {@code location used_bytes free_bytes}, for the management views. */
    synchronized Map<String, String> inventory() throws IOException {
        Map<String, String> out = new TreeMap<>();
        Map<String, Integer> where = new TreeMap<>();
        shelf.forEach((a, b) -> where.put(b, a));
        for (int d = 0; d < drives.size(); d++) {
            Cartridge c = drives.get(d).cartridge();
            if (c != null) {
                where.put(c.barcode(), FIRST_DRIVE + d);
            }
        }
        for (Map.Entry<String, Path> e : files.entrySet()) {
            Integer a = where.get(e.getKey());
            long used;
            long capacity;
            try (Cartridge c = Cartridge.openReadOnly(e.getValue())) {
                used = c.used();
                capacity = c.capacity();
            }
            out.put(e.getKey(), location(a) + " used=" + used + " free=" + Math.max(0, capacity - used));
        }
        return out;
    }

    private String location(Integer a) {
        if (a == null) {
            return "nowhere";
        }
        return switch (type(a)) {
            case 2 -> "slot" + (a - FIRST_SLOT + 1);
            case 3 -> "ie" + (a - FIRST_IE + 1);
            default -> "drive" + (a - FIRST_DRIVE);
        };
    }

    private void restore() throws IOException {
        Path state = folder.resolve(STATE);
        Properties p = new Properties();
        if (Files.exists(state)) {
            try (Reader r = Files.newBufferedReader(state)) {
                p.load(r);
            }
        }
        scanFiles();
        for (String key : p.stringPropertyNames()) {
            if (!key.startsWith("element.")) {
                continue;
            }
            int address = Integer.parseInt(key.substring(8), 16);
            String barcode = p.getProperty(key);
            if (exists(address) && type(address) != 1 && files.containsKey(barcode) && at(address) == null
                    && !placed(barcode)) {
                String src = p.getProperty("source." + key.substring(8));
                put(address, barcode, src == null ? null : Integer.parseInt(src, 16));
            }
        }
        scan();
        save();
    }

    private boolean placed(String barcode) {
        if (shelf.containsValue(barcode)) {
            return true;
        }
        return drives.stream().map(TapeDrive::cartridge).anyMatch(c -> c != null && c.barcode().equals(barcode));
    }

    private void scanFiles() throws IOException {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(folder)) {
            for (Path f : ds) {
                if (!Files.isRegularFile(f) || f.getFileName().toString().equals(STATE)
                        || f.getFileName().toString().endsWith(".tmp")) {
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

    private void scan() throws IOException {
        scanFiles();
        for (String barcode : files.keySet()) {
            if (!placed(barcode)) {
                placeInFreeSlot(barcode);
            }
        }
    }

    private void placeInFreeSlot(String barcode) {
        for (int a = FIRST_SLOT; a < FIRST_SLOT + slots; a++) {
            if (!shelf.containsKey(a)) {
                shelf.put(a, barcode);
                return;
            }
        }
    }

    private void save() throws IOException {
        Properties p = new Properties();
        List<Integer> all = new ArrayList<>(shelf.keySet());
        shelf.forEach((a, b) -> p.setProperty(String.format("element.%04x", a), b));
        for (int d = 0; d < drives.size(); d++) {
            Cartridge c = drives.get(d).cartridge();
            if (c != null) {
                p.setProperty(String.format("element.%04x", FIRST_DRIVE + d), c.barcode());
                all.add(FIRST_DRIVE + d);
            }
        }
        for (int a : all) {
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

    /** Flushes and closes the cartridges in the drives (they stay recorded as loaded). */
    @Override
    public synchronized void close() throws IOException {
        save();
        for (TapeDrive d : drives) {
            Cartridge c = d.remove();
            if (c != null) {
                c.close();
            }
        }
    }
}
