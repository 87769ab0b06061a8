package io.quiver.core.impl.pr;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Persists a logical unit's persistent reservation state while APTPL is set (SPC-4 5.12.5), in a small
 * text file in the device's state directory, so that registrations and the reservation survive a restart
 * of Quiver. Writes are atomic: temporary file, fsync, atomic rename, fsync of the directory.
 *
 * <p>Not thread-safe: callers hold the {@link PrState} lock, which also orders the writes.
 */
final class PrStateStore {

    static final String FILE_NAME = "persistent-reservations";
    private final Path file;

    PrStateStore(Path directory) {
        this.file = directory.resolve(FILE_NAME);
    }

    /** Writes the state if APTPL is set, otherwise removes any earlier state. */
    void store(PrState state) throws IOException {
        if (!state.aptpl()) {
            Files.deleteIfExists(file);
            return;
        }
        StringBuilder text = new StringBuilder("# Quiver persistent reservations (SPC-4 APTPL)\n");
        PrStateCodec.encode(state, text);
        Files.createDirectories(file.getParent());
        Path temp = file.resolveSibling(FILE_NAME + ".tmp");
        try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer bytes = ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.US_ASCII));
            while (bytes.hasRemaining()) {
                ch.write(bytes);
            }
            ch.force(true);
        }
        try {
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
        }
        syncDirectory(file.getParent());
    }

    /**
     * Loads persisted state into an empty {@link PrState}; leaves it empty if nothing was persisted.
     *
     * @throws IOException if the file exists but cannot be read or parsed (the state may then be partly
     *         filled and must be discarded)
     */
    void load(PrState state) throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        try {
            PrStateCodec.decode(Files.readAllLines(file, StandardCharsets.US_ASCII), state);
        } catch (RuntimeException e) {
            // Keep the evidence out of the way, so the next APTPL write does not overwrite it.
            Path aside = file.resolveSibling(FILE_NAME + ".corrupt");
            Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
            throw new IOException("corrupt persistent reservation state, moved to " + aside + ": " + e, e);
        }
        state.aptpl(true);
    }

    private static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Some platforms cannot open a directory; the rename itself is still atomic there.
        }
    }
}
