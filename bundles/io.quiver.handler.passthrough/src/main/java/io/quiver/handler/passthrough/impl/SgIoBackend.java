package io.quiver.handler.passthrough.impl;

import io.netty.buffer.Unpooled;
import io.quiver.linux.Errno;
import io.quiver.linux.FileIo;
import io.quiver.linux.Ioctl;
import io.quiver.linux.LinuxException;
import io.quiver.scsi.PeripheralDeviceType;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A SCSI device of this host as pass-through backend, through SG_IO on its SCSI generic node, as SCST's dev
 * handlers take one: named by its {@code H:C:I:L} address (SCST's {@code DEVICE 1:0:0:0}; the node is found in
 * sysfs) or by {@code /dev/sgN}. Opened once with O_NONBLOCK (an open never waits for an exclusive holder); each
 * command runs on one of {@code threads_num} threads of the device ({@link SgIoPath}). A device that disappears
 * (ENODEV) fails every later command with NOT READY, LOGICAL UNIT COMMUNICATION FAILURE. Thread-safe; never blocks
 * the caller.
 */
final class SgIoBackend extends ForwardingBackend {

    static final Pattern HCTL = Pattern.compile("\\d+:\\d+:\\d+:\\d+");
    /** {@code SG_SCSI_RESET} and its {@code SG_SCSI_RESET_DEVICE} argument ({@code <scsi/sg.h>}). */
    static final long SG_SCSI_RESET = 0x2284;
    static final int SG_SCSI_RESET_DEVICE = 1;
    /** {@code BLKSECTGET}: the most bytes one command may move (sg answers in bytes). */
    static final long BLKSECTGET = 0x1267;
    private static final int O_NONBLOCK = 04000;
    private static final Logger LOG = LoggerFactory.getLogger(SgIoBackend.class);

    private final String device;
    private final ExecutorService threads;
    private final CompletableFuture<ScsiPath> open = new CompletableFuture<>();
    private final PeripheralDeviceType type;
    private final CompletableFuture<BackendIdentity> identified = new CompletableFuture<>();
    private volatile BackendIdentity identity = BackendIdentity.UNKNOWN;
    private volatile boolean gone;
    private volatile int fd = -1;

    /**
     * Opens the device {@code filename} names, or, with no filename, the one at SCSI address {@code name}.
     *
     * @throws IllegalArgumentException when neither names a SCSI generic device
     */
    SgIoBackend(String name, String filename, int threadCount, long timeoutMs, PeripheralDeviceType type) {
        super(timeoutMs, type);
        this.type = type;
        this.device = filename == null || filename.isEmpty() ? "H:C:I:L " + name : filename;
        if (!device.startsWith("/dev/") && !HCTL.matcher(name).matches()) {
            throw new IllegalArgumentException("filename must be iscsi://host:port/iqn/lun or /dev/sgN, or the device"
                    + " name a SCSI address H:C:I:L: " + name + " " + filename);
        }
        this.threads = Executors.newFixedThreadPool(Math.max(1, threadCount),
                SgMemory.threads(Thread.ofPlatform().name("sg-" + name + "-", 0).daemon().factory()));
        threads.execute(() -> attach(name, filename));
    }

    /** Opens the node and reads the identity (a TEST UNIT READY first takes the device's power-on attention). */
    private void attach(String name, String filename) {
        try {
            String node = filename == null || filename.isEmpty() ? node(name) : filename;
            fd = FileIo.open(node, FileIo.O_RDWR | O_NONBLOCK | FileIo.O_CLOEXEC, 0);
            ScsiPath path = splitting(new SgIoPath(node, fd, threads), node);
            open.complete(path);
            path.execute(Unpooled.wrappedBuffer(new byte[6]), false, 0, null, timeoutMs())
                    .handle((r, e) -> {
                        if (r != null) {
                            r.release();
                        }
                        return null;
                    }).thenCompose(tur -> BackendIdentity.read(path, timeoutMs())).thenAccept(id -> {
                        identity = id;
                        identified.complete(id);
                    });
        } catch (IOException | RuntimeException e) {
            open.completeExceptionally(e);
            identified.completeExceptionally(e);
        }
    }

    /**
     * Disks and CD/DVD devices: {@code path} splitting READ and WRITE above what the device's queue takes in one
     * command ({@code BLKSECTGET}, in bytes on sg nodes); a node that does not say is not split.
     */
    private ScsiPath splitting(SgIoPath path, String node) {
        if (type != PeripheralDeviceType.DIRECT_ACCESS_BLOCK && type != PeripheralDeviceType.CD_DVD) {
            return path;
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment max = arena.allocate(ValueLayout.JAVA_INT);
            Ioctl.ioctl(fd, BLKSECTGET, max);
            int bytes = max.get(ValueLayout.JAVA_INT, 0);
            LOG.info("pass-through device {}: commands above {} bytes are split", node, bytes);
            return bytes > 0 ? new SplitPath(path, bytes) : path;
        } catch (LinuxException e) {
            LOG.info("pass-through device {}: no transfer limit ({}), commands not split", node, e.getMessage());
            return path;
        }
    }

    /** The SCSI generic node of the device at {@code hctl}, from sysfs, as {@code lsscsi -g} finds it. */
    static String node(String hctl) throws IOException {
        Path dir = Path.of("/sys/bus/scsi/devices", hctl, "scsi_generic");
        if (!Files.isDirectory(dir)) {
            throw new IOException("no SCSI device " + hctl + " with a generic node on this host (" + dir
                    + " is missing; is the sg module loaded? lsscsi -g lists the devices)");
        }
        try (Stream<Path> nodes = Files.list(dir)) {
            return "/dev/" + nodes.findFirst().orElseThrow(() -> new IOException(dir + " is empty")).getFileName();
        }
    }

    @Override
    CompletableFuture<ScsiPath> path() {
        return gone ? CompletableFuture.failedFuture(new IOException(device + " is gone")) : open;
    }

    @Override
    ScsiPath current() {
        return gone || !open.isDone() || open.isCompletedExceptionally() ? null : open.join();
    }

    /** A device that is gone stays gone: its later commands fail at once rather than one ioctl each. */
    @Override
    void lost(ScsiPath path, Throwable cause) {
        if (cause instanceof LinuxException e && (e.errno() == Errno.ENODEV || e.errno() == Errno.ENXIO)) {
            if (!gone) {
                LOG.error("pass-through device {} is gone: {}", device, e.getMessage());
            }
            gone = true;
        } else {
            LOG.warn("pass-through device {}: {}", device, cause.toString());
        }
    }

    @Override
    CompletableFuture<BackendIdentity> identified() {
        return identified;
    }

    @Override
    BackendIdentity identity() {
        return identity;
    }

    /** A device reset through the SCSI mid-layer (SG_SCSI_RESET), on a device thread since it blocks. */
    @Override
    public void reset() {
        if (current() == null) {
            return;
        }
        threads.execute(() -> {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment what = arena.allocate(ValueLayout.JAVA_INT);
                what.set(ValueLayout.JAVA_INT, 0, SG_SCSI_RESET_DEVICE);
                Ioctl.ioctl(fd, SG_SCSI_RESET, what);
            } catch (LinuxException e) {
                LOG.warn("pass-through device {}: reset failed: {}", device, e.getMessage());
            }
        });
    }

    /** Lets commands in flight end (the kernel's timeout bounds them), then closes the node, off the caller. */
    @Override
    public void close() {
        threads.shutdown();
        Thread.ofPlatform().daemon().name("sg-close-" + device).start(() -> {
            try {
                threads.awaitTermination(CommandTimeouts.MEDIUM_LONG_MS, TimeUnit.MILLISECONDS);
                if (fd >= 0) {
                    FileIo.close(fd);
                }
            } catch (InterruptedException | LinuxException e) {
                LOG.warn("pass-through device {}: close: {}", device, e.toString());
            }
        });
    }
}
