package io.quiver.handler.blockio.impl;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A Linux loop device over a sparse file, from {@code losetup -f --show}; the test is skipped (JUnit
 * assumption) where losetup is missing or not permitted. Detached by {@link #close()}.
 */
final class LoopDevice implements AutoCloseable {

    final Path backingFile;
    final Path device;

    private LoopDevice(Path backingFile, Path device) {
        this.backingFile = backingFile;
        this.device = device;
    }

    static LoopDevice create(Path file, long size) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(size);
        }
        String out = run("losetup", "-f", "--show", file.toString());
        Assumptions.assumeTrue(out != null && out.startsWith("/dev/"), "losetup not usable here: " + out);
        return new LoopDevice(file, Path.of(out));
    }

    /** Grows the backing file and tells the loop driver to re-read its size. */
    void grow(long size) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(backingFile.toFile(), "rw")) {
            raf.setLength(size);
        }
        String out = run("losetup", "-c", device.toString());
        if (out == null) {
            throw new IOException("losetup -c failed");
        }
    }

    @Override
    public void close() throws IOException {
        run("losetup", "-d", device.toString());
    }

    /** Runs a command; its output, or {@code null} if it failed. */
    private static String run(String... command) throws IOException {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return null;
            }
            return p.exitValue() == 0 ? out : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
