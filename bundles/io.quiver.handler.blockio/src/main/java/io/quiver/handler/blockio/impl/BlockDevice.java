package io.quiver.handler.blockio.impl;

import io.quiver.handler.fileio.impl.channel.ChannelBlockStore;
import io.quiver.handler.fileio.impl.channel.DirectIo;
import io.quiver.handler.fileio.impl.channel.ProtectionFile;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens a Linux block device for vdisk_blockio. The size is the device's ({@code FileChannel.size()} asks
 * the kernel, BLKGETSIZE64). I/O bypasses the page cache with {@code O_DIRECT} whenever the
 * block size allows: the JDK insists that direct transfers are multiples of the device node's file store
 * block ({@code f_frsize} of devtmpfs, 4096), so a 512-byte logical block size falls back to buffered
 * I/O (with the same FUA and SYNCHRONIZE CACHE durability through fdatasync) and says so in the log.
 *
 * <p>Discard: not offered. {@code BLKDISCARD} is an ioctl that io.quiver.linux could issue, but a
 * discarded range need not read back as zeros, which
 * {@code BlockStore.unmap} promises (LBPRZ); {@code BLKZEROOUT} reads back as zeros but need not
 * deallocate. So the device reports no thin provisioning rather than claim a deallocation it cannot prove.
 * Stateless; safe on any thread.
 */
final class BlockDevice {

    private static final Logger LOG = LoggerFactory.getLogger(BlockDevice.class);
    private static final int S_IFMT = 0170000;
    private static final int S_IFBLK = 0060000;

    private BlockDevice() {
    }

    /**
     * Opens the device.
     *
     * @throws IllegalArgumentException naming the attribute when the configuration cannot work
     */
    static ChannelBlockStore open(Path device, int blockSize, boolean readOnly, boolean writeThrough)
            throws IOException {
        return open(device, blockSize, readOnly, writeThrough, null);
    }

    /**
     * Opens the device with its protection information kept in {@code protection} ({@code null}: none).
     *
     * @param protection the opened sidecar, owned by the store (closed here if opening fails)
     */
    static ChannelBlockStore open(Path device, int blockSize, boolean readOnly, boolean writeThrough,
            ProtectionFile protection) throws IOException {
        if (!isBlockDevice(device)) {
            if (protection != null) {
                protection.close();
            }
            throw new IllegalArgumentException("filename: " + device + " is not a block device");
        }
        if (blockSize != 512 && blockSize != 4096) {
            throw new IllegalArgumentException("blocksize must be 512 or 4096: " + blockSize);
        }
        Set<OpenOption> options = new HashSet<>();
        options.add(StandardOpenOption.READ);
        if (!readOnly) {
            options.add(StandardOpenOption.WRITE);
            if (writeThrough) {
                options.add(StandardOpenOption.DSYNC);
            }
        }
        int alignment = DirectIo.available() ? DirectIo.alignment(device) : 0;
        if (alignment > 0 && blockSize % alignment == 0) {
            options.add(DirectIo.option("blocksize"));
        } else {
            LOG.warn("{}: blocksize {} is not a multiple of the {}-byte alignment the JVM requires for O_DIRECT; "
                    + "I/O goes through the page cache", device, blockSize, alignment);
            alignment = 0;
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(device, options);
            return new ChannelBlockStore(channel, blockSize, channel.size() / blockSize, alignment, writeThrough,
                    null, false, null, protection);
        } catch (IOException | RuntimeException e) {
            if (channel != null) {
                channel.close();
            }
            if (protection != null) {
                protection.close();
            }
            throw e;
        }
    }

    static boolean isBlockDevice(Path p) throws IOException {
        if (!Files.exists(p)) {
            return false;
        }
        Object mode = Files.getAttribute(p, "unix:mode");
        return mode instanceof Integer m && (m & S_IFMT) == S_IFBLK;
    }
}
