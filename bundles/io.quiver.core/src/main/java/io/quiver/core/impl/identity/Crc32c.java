package io.quiver.core.impl.identity;

import java.nio.charset.StandardCharsets;

/**
 * CRC-32C as SCST computes its device id number: the Linux kernel's {@code crc32c(0, name, strlen(name) + 1)},
 * the reflected Castagnoli CRC started from 0 and not inverted at either end, over the name and its NUL
 * ({@code java.util.zip.CRC32C} inverts both ends, so it does not give SCST's numbers). Stateless.
 */
final class Crc32c {

    private static final int POLY = 0x82F63B78;

    private Crc32c() {
    }

    /** SCST's {@code crc32c(0, name, strlen(name) + 1)}, unsigned. */
    static long of(String name) {
        return update(0, (name + "\0").getBytes(StandardCharsets.UTF_8));
    }

    /** The raw CRC register after {@code bytes}, from {@code crc}, without inversions. */
    static long update(int crc, byte[] bytes) {
        for (byte b : bytes) {
            crc ^= b & 0xFF;
            for (int k = 0; k < 8; k++) {
                crc = (crc >>> 1) ^ (POLY & -(crc & 1));
            }
        }
        return crc & 0xFFFF_FFFFL;
    }
}
