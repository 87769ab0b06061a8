package io.quiver.handler.cdrom.impl;

import io.netty.buffer.ByteBuf;
import io.quiver.scsi.AdditionalSense;
import io.quiver.scsi.SenseBuilder;
import io.quiver.scsi.SenseData;
import io.quiver.scsi.SenseKey;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The drive's mechanical state: the configured image, the tray, the PREVENT lock and the pending media
 * event for GET EVENT STATUS NOTIFICATION. A medium is present when an image is configured and the tray
 * is closed.
 *
 * <p>The PREVENT lock is kept per I_T nexus (SPC-4 and MMC-6 PREVENT ALLOW MEDIUM REMOVAL): removal
 * is prevented while any nexus prevents it; a nexus' prevention ends with its ALLOW, its loss
 * ({@link #nexusLost}), and everyone's with a logical unit or hard reset ({@link #reset}). The media
 * event is kept per device. An administrator's medium change overrides the lock.
 *
 * <p>Thread-safe: reads run concurrently under a read lock; a medium change, load or eject takes the
 * write lock, so an image is never closed under a running read.
 */
final class Drive implements AutoCloseable {

    /** GESN media event codes (MMC-6 table 7.3.4.2). */
    static final int EVENT_NONE = 0;
    static final int EVENT_NEW_MEDIA = 2;
    static final int EVENT_MEDIA_REMOVAL = 3;

    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private IsoImage image;
    private boolean trayOpen;
    /** The nexuses ({@code DeviceTask.nexusId()}) preventing medium removal; guarded by {@link #lock}. */
    private final Set<Long> preventing = new HashSet<>();
    private int mediaEvent = EVENT_NONE;

    /** @param image the initial medium, or {@code null} for an empty drive */
    Drive(IsoImage image) {
        this.image = image;
    }

    /**
     * Replaces the medium by the administrator's choice (the {@code filename} attribute), whatever the
     * PREVENT lock says, and closes the tray.
     *
     * @param next the new image or {@code null} to remove it
     * @return the previous image, for the caller to close
     */
    IsoImage replace(IsoImage next) {
        lock.writeLock().lock();
        try {
            IsoImage old = image;
            image = next;
            trayOpen = false;
            mediaEvent = next != null ? EVENT_NEW_MEDIA : EVENT_MEDIA_REMOVAL;
            return old;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** START STOP UNIT with LOEJ and START 0: opens the tray unless PREVENT is in force. */
    SenseData eject() {
        lock.writeLock().lock();
        try {
            if (!preventing.isEmpty()) {
                return SenseData.of(SenseKey.ILLEGAL_REQUEST, AdditionalSense.MEDIUM_REMOVAL_PREVENTED);
            }
            if (!trayOpen && image != null) {
                mediaEvent = EVENT_MEDIA_REMOVAL;
            }
            trayOpen = true;
            return null;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** START STOP UNIT with LOEJ and START 1: closes the tray over the configured image. */
    void load() {
        lock.writeLock().lock();
        try {
            if (trayOpen && image != null) {
                mediaEvent = EVENT_NEW_MEDIA;
            }
            trayOpen = false;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** PREVENT ALLOW MEDIUM REMOVAL from one nexus: it prevents removal, or no longer does. */
    void prevent(long nexusId, boolean value) {
        lock.writeLock().lock();
        try {
            if (value) {
                preventing.add(nexusId);
            } else {
                preventing.remove(nexusId);
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** I_T nexus loss: the nexus no longer prevents removal. */
    void nexusLost(long nexusId) {
        prevent(nexusId, false);
    }

    /** Logical unit or hard reset: no nexus prevents removal any more. */
    void reset() {
        lock.writeLock().lock();
        try {
            preventing.clear();
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** A snapshot of the state for status commands. */
    State state() {
        lock.readLock().lock();
        try {
            return new State(present() ? image.blocks() : -1, trayOpen, !preventing.isEmpty());
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Returns and clears the pending media event (GESN reports each event once). */
    int takeMediaEvent() {
        lock.writeLock().lock();
        try {
            int e = mediaEvent;
            mediaEvent = EVENT_NONE;
            return e;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** NOT READY sense if no medium is present, else {@code null}. */
    SenseData notReady() {
        lock.readLock().lock();
        try {
            return present() ? null : noMedium();
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Reads blocks into {@code dst} if a medium is present and the range fits it.
     *
     * @return {@code null} on success, else the sense to fail the command with
     */
    SenseData read(long lba, int count, ByteBuf dst) throws IOException {
        lock.readLock().lock();
        try {
            if (!present()) {
                return noMedium();
            }
            if (lba + count > image.blocks()) {
                return new SenseBuilder(SenseKey.ILLEGAL_REQUEST, AdditionalSense.LOGICAL_BLOCK_ADDRESS_OUT_OF_RANGE)
                        .information(lba).build();
            }
            image.read(lba, count, dst);
            return null;
        } finally {
            lock.readLock().unlock();
        }
    }

    private boolean present() {
        return image != null && !trayOpen;
    }

    private SenseData noMedium() {
        return SenseData.of(SenseKey.NOT_READY,
                trayOpen ? AdditionalSense.MEDIUM_NOT_PRESENT_TRAY_OPEN : AdditionalSense.MEDIUM_NOT_PRESENT);
    }

    @Override
    public void close() throws IOException {
        IsoImage old = replace(null);
        if (old != null) {
            old.close();
        }
    }

    /**
     * What status commands report.
     *
     * @param blocks the medium's capacity in blocks, or -1 with no medium present
     * @param trayOpen the tray is open
     * @param prevented PREVENT ALLOW MEDIUM REMOVAL locked the tray
     */
    record State(long blocks, boolean trayOpen, boolean prevented) {

        boolean present() {
            return blocks >= 0;
        }
    }
}
