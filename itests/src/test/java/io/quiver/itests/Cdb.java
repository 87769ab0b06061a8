package io.quiver.itests;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The CDBs and parameter lists the ITs send (SPC-4, SBC-3), as bytes for any transport, the parsers for
 * the data they get back, and the one wait they all need ({@link #poll}). Stateless.
 */
final class Cdb {

    /** PERSISTENT RESERVE OUT service actions and the one reservation type the ITs use. */
    static final int REGISTER = 0x00;
    static final int RESERVE = 0x01;
    static final int WRITE_EXCLUSIVE = 0x1;
    /** PERSISTENT RESERVE IN service actions. */
    static final int READ_KEYS = 0x00;
    static final int READ_RESERVATION = 0x01;

    private Cdb() {
    }

    static byte[] testUnitReady() {
        return new byte[6];
    }

    static byte[] inquiry(int allocation) {
        return new byte[] {0x12, 0, 0, (byte) (allocation >> 8), (byte) allocation, 0};
    }

    static byte[] reportLuns(int allocation) {
        return ByteBuffer.allocate(12).put(0, (byte) 0xA0).putInt(6, allocation).array();
    }

    static byte[] readCapacity10() {
        return new byte[] {0x25, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    }

    static byte[] read10(int lba, int blocks) {
        return ByteBuffer.allocate(10).put(0, (byte) 0x28).putInt(2, lba).putShort(7, (short) blocks).array();
    }

    static byte[] write10(int lba, int blocks) {
        return ByteBuffer.allocate(10).put(0, (byte) 0x2A).putInt(2, lba).putShort(7, (short) blocks).array();
    }

    static byte[] persistentReserveIn(int serviceAction, int allocation) {
        return ByteBuffer.allocate(10).put(0, (byte) 0x5E).put(1, (byte) serviceAction).putShort(7, (short) allocation).array();
    }

    /** PERSISTENT RESERVE OUT with a 24-byte parameter list ({@link #prOutParameters}), scope LU. */
    static byte[] persistentReserveOut(int serviceAction, int type) {
        return ByteBuffer.allocate(10).put(0, (byte) 0x5F).put(1, (byte) serviceAction).put(2, (byte) type)
                .putInt(5, 24).array();
    }

    /** The basic PERSISTENT RESERVE OUT parameter list: key, service action key, APTPL. */
    static byte[] prOutParameters(long key, long serviceActionKey, boolean aptpl) {
        return ByteBuffer.allocate(24).putLong(0, key).putLong(8, serviceActionKey).put(20, (byte) (aptpl ? 1 : 0)).array();
    }

    /**
     * Sends {@code command} until {@code done} accepts its answer, for 20 s at most (configurations apply
     * asynchronously; a new nexus has unit attentions to consume); returns the last answer.
     */
    static <R> R poll(Callable<R> command, Predicate<R> done) throws Exception {
        R last = command.call();
        for (long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20); !done.test(last) && System.nanoTime() < deadline;) {
            Thread.sleep(50);
            last = command.call();
        }
        return last;
    }

    /** The LUN numbers of REPORT LUNS parameter data (peripheral and flat addressing). */
    static List<Integer> luns(byte[] data) {
        List<Integer> luns = new ArrayList<>();
        if (data.length < 8) {
            return luns;
        }
        ByteBuffer b = ByteBuffer.wrap(data);
        int length = Math.min(b.getInt(0), data.length - 8);
        for (int i = 8; i < 8 + length; i += 8) {
            luns.add(b.getShort(i) & 0x3FFF);
        }
        return luns;
    }

    /** The reservation keys of PERSISTENT RESERVE IN READ KEYS parameter data. */
    static List<Long> keys(byte[] data) {
        ByteBuffer b = ByteBuffer.wrap(data);
        List<Long> keys = new ArrayList<>();
        for (int i = 8; i < 8 + b.getInt(4) && i + 8 <= data.length; i += 8) {
            keys.add(b.getLong(i));
        }
        return keys;
    }

    /** READ RESERVATION parameter data as "key/type", or "none" without a reservation. */
    static String reservation(byte[] data) {
        ByteBuffer b = ByteBuffer.wrap(data);
        return b.getInt(4) == 0 ? "none" : Long.toHexString(b.getLong(8)) + "/" + (b.get(21) & 0x0F);
    }

    /** The 16-character PRODUCT IDENTIFICATION of standard INQUIRY data, trimmed. */
    static String product(byte[] inquiry) {
        return new String(inquiry, 16, 16, java.nio.charset.StandardCharsets.US_ASCII).trim();
    }

    /** A recognisable block pattern: {@code blocks} blocks of 512 bytes derived from {@code seed}. */
    static byte[] pattern(int seed, int blocks) {
        byte[] data = new byte[blocks * 512];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (seed * 31 + i * 7 + (i >> 9));
        }
        return data;
    }
}
