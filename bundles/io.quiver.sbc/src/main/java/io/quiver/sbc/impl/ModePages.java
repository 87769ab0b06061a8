package io.quiver.sbc.impl;

import io.netty.buffer.ByteBuf;
import io.quiver.sbc.SbcOptions;
import io.quiver.spi.device.DeviceContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Properties;

/**
 * The mode pages of an SBC device (SPC-4 7.5, SBC-3 6.4): Read-Write Error Recovery (01h), Caching
 * (08h, WCE changeable unless write_through), Control (0Ah, D_SENSE, QAM, SWP and TAS changeable) and
 * Informational Exceptions (1Ch), each in its current, changeable, default and saved form. Saved
 * values live in {@code <stateDirectory>/<device>.modepages.properties} and become the current ones
 * when the device is created again (a power on).
 *
 * <p>Thread-safe: the current and saved values are immutable {@link Values} swapped atomically; saving
 * writes a file and so must run on a thread that may block.
 */
public final class ModePages {

    /** Page codes in the order MODE SENSE returns them for page 3Fh. */
    static final List<Integer> PAGES = List.of(0x01, 0x08, 0x0A, 0x1C);

    /** Page control values (SPC-4 6.11). */
    static final int CURRENT = 0;
    static final int CHANGEABLE = 1;
    static final int DEFAULT = 2;
    static final int SAVED = 3;

    /** The changeable fields' values. */
    record Values(boolean writeCache, boolean descriptorSense, boolean taskAbortedStatus, int queueAlgorithm,
            boolean softwareWriteProtect) {
    }

    private final SbcOptions options;
    private final boolean applicationTagOwner;
    private final Path savedFile;
    private final Values defaults;
    private volatile Values current;
    private volatile Values saved;

    ModePages(String deviceName, SbcOptions options) {
        this(deviceName, options, false);
    }

    /**
     * @param applicationTagOwner ATO of the Control page: set on a device with protection information, whose
     *        application tags belong to the application client (the device never changes them); not changeable
     */
    ModePages(String deviceName, SbcOptions options, boolean applicationTagOwner) {
        this.applicationTagOwner = applicationTagOwner;
        this.options = options;
        this.savedFile = options.stateDirectory() == null ? null
                : options.stateDirectory().resolve(deviceName + ".modepages.properties");
        this.defaults = new Values(!options.writeThrough(), false, false, 0, false);
        this.saved = load();
        this.current = saved;
    }

    /** SWP of the current Control page: the medium is write-protected for every nexus. */
    public boolean softwareWriteProtect() {
        return current.softwareWriteProtect();
    }

    /** WCE of the current Caching page. */
    public boolean writeCacheEnabled() {
        return current.writeCache();
    }

    Values current() {
        return current;
    }

    boolean savable() {
        return savedFile != null;
    }

    /** Page length (bytes after the two-byte header) of a supported page. */
    static int length(int page) {
        return page == 0x08 ? 0x12 : 0x0A;
    }

    /** Writes one page in the given page control form. */
    void encode(int page, int pageControl, ByteBuf out) {
        Values v = pageControl == DEFAULT ? defaults : pageControl == SAVED ? saved : current;
        boolean mask = pageControl == CHANGEABLE;
        int start = out.writerIndex();
        out.writeByte((savable() ? 0x80 : 0) | page).writeByte(length(page)).writeZero(length(page));
        switch (page) {
            case 0x01:
                if (!mask) {
                    out.setByte(start + 2, 0xC0); // AWRE, ARRE
                    out.setShort(start + 10, 0xFFFF); // RECOVERY TIME LIMIT
                }
                break;
            case 0x08:
                boolean wceChangeable = !options.writeThrough();
                out.setByte(start + 2, mask ? (wceChangeable ? 0x04 : 0) : (v.writeCache() ? 0x04 : 0));
                break;
            case 0x0A:
                if (mask) {
                    out.setByte(start + 2, 0x04).setByte(start + 3, 0xF0).setByte(start + 4, 0x08)
                            .setByte(start + 5, 0x40);
                } else {
                    out.setByte(start + 2, v.descriptorSense() ? 0x04 : 0);
                    out.setByte(start + 3, v.queueAlgorithm() << 4);
                    out.setByte(start + 4, v.softwareWriteProtect() ? 0x08 : 0);
                    // ATO (bit 7) on a device with protection information; ATMPE 0: no Application Tag page
                    out.setByte(start + 5, (v.taskAbortedStatus() ? 0x40 : 0) | (applicationTagOwner ? 0x80 : 0));
                    out.setShort(start + 8, 0xFFFF); // BUSY TIMEOUT PERIOD: unlimited
                }
                break;
            case 0x1C:
                if (!mask) {
                    out.setByte(start + 2, 0x08); // DEXCPT: no informational exceptions reported
                }
                break;
            default:
                throw new IllegalArgumentException("mode page " + page);
        }
    }

    /** Makes {@code next} current and, with {@code save}, saved. Blocks on the file when saving. */
    synchronized void apply(Values next, boolean save) throws IOException {
        if (save) {
            store(next);
            saved = next;
        }
        current = next;
    }

    /** Tells the core the Control page fields it enforces. */
    void reportControl(DeviceContext ctx) {
        Values v = current;
        ctx.controlModeChanged(v.descriptorSense(), v.taskAbortedStatus(), v.queueAlgorithm());
    }

    private Values load() {
        if (savedFile == null || !Files.exists(savedFile)) {
            return defaults;
        }
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(savedFile)) {
            p.load(in);
        } catch (IOException e) {
            return defaults;
        }
        boolean wce = !options.writeThrough()
                && Boolean.parseBoolean(p.getProperty("wce", String.valueOf(defaults.writeCache())));
        int qam = Integer.parseInt(p.getProperty("qam", "0"));
        return new Values(wce, Boolean.parseBoolean(p.getProperty("d_sense", "false")),
                Boolean.parseBoolean(p.getProperty("tas", "false")), qam == 1 ? 1 : 0,
                Boolean.parseBoolean(p.getProperty("swp", "false")));
    }

    private void store(Values v) throws IOException {
        Properties p = new Properties();
        p.setProperty("wce", String.valueOf(v.writeCache()));
        p.setProperty("d_sense", String.valueOf(v.descriptorSense()));
        p.setProperty("tas", String.valueOf(v.taskAbortedStatus()));
        p.setProperty("qam", String.valueOf(v.queueAlgorithm()));
        p.setProperty("swp", String.valueOf(v.softwareWriteProtect()));
        Files.createDirectories(savedFile.getParent());
        Path tmp = savedFile.resolveSibling(savedFile.getFileName() + ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            p.store(out, "Quiver saved mode pages");
        }
        Files.move(tmp, savedFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
