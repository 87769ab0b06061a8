package io.quiver.core.impl.identity;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * What makes one installation's derived device identities differ from every other's: SCST's
 * {@code setup_id} when the core's configuration sets one (a non-zero 32-bit number, so that nodes of a
 * cluster, or an SCST installation moving here, share it), otherwise the installation id, 128 random bits
 * generated at the first start and kept in {@value #FILE} in the core's data directory. Immutable;
 * thread-safe.
 */
public final class IdentitySeed {

    /** The installation id's file in the data directory. */
    public static final String FILE = "installation-id";

    private final String installationId;
    private final Long setupId;

    private IdentitySeed(String installationId, Long setupId) {
        this.installationId = installationId;
        this.setupId = setupId;
    }

    /**
     * The seed of the installation whose data directory is {@code dataDirectory}, generating and keeping
     * its installation id on the first call.
     *
     * @param setupId SCST's {@code setup_id} (see {@link #parseSetupId}); empty, {@code null} or 0 for none
     * @throws IllegalArgumentException naming {@code setup_id} if it is not a 32-bit number
     * @throws IllegalStateException if the kept installation id is damaged (never silently replaced: that
     *         would change every device's identity)
     */
    public static IdentitySeed load(Path dataDirectory, String setupId) {
        return new IdentitySeed(installationId(dataDirectory.resolve(FILE)), parseSetupId(setupId));
    }

    /** A seed from given values (tests, and installations compared with each other). */
    public static IdentitySeed of(String installationId, String setupId) {
        return new IdentitySeed(installationId, parseSetupId(setupId));
    }

    /**
     * SCST's {@code setup_id}: decimal, or hexadecimal with {@code 0x}, at most 32 bits; 0 and empty mean
     * none (SCST's default).
     *
     * @return the value, or {@code null} for none
     * @throws IllegalArgumentException naming {@code setup_id} if malformed
     */
    public static Long parseSetupId(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.trim();
        try {
            long id = v.startsWith("0x") || v.startsWith("0X") ? Long.parseLong(v.substring(2), 16) : Long.parseLong(v);
            if (id < 0 || id > 0xFFFF_FFFFL) {
                throw new NumberFormatException();
            }
            return id == 0 ? null : id;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("setup_id must be a 32-bit number (decimal or 0x hex): " + value, e);
        }
    }

    /** The installation id: 32 lower-case hex digits. */
    public String installationId() {
        return installationId;
    }

    /** The configured {@code setup_id}, or {@code null}. */
    public Long setupId() {
        return setupId;
    }

    /** The text derivations hash: the setup id when there is one, else the installation id. */
    String text() {
        return setupId != null ? String.format("setup_id:%08x", setupId) : "installation:" + installationId;
    }

    private static String installationId(Path file) {
        try {
            if (Files.exists(file)) {
                String id = Files.readString(file, StandardCharsets.US_ASCII).trim();
                if (!id.matches("[0-9a-f]{32}")) {
                    throw new IllegalStateException(file + " does not hold an installation id (32 hex digits); "
                            + "restore it, or delete it to get a new one (every device's WWID changes)");
                }
                return id;
            }
            byte[] random = new byte[16];
            new SecureRandom().nextBytes(random);
            String id = HexFormat.of().formatHex(random);
            Files.createDirectories(file.getParent());
            Path tmp = Files.createTempFile(file.getParent(), FILE, ".tmp");
            Files.writeString(tmp, id + "\n", StandardCharsets.US_ASCII);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file);
            }
            return id;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the installation id in " + file, e);
        }
    }
}
