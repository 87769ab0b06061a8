package io.quiver.handler.rbd.impl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.buffer.ByteBuf;
import io.quiver.sbc.BlockStore;
import io.quiver.sbc.SbcDevice;
import io.quiver.scsi.AdditionalSense;
import io.quiver.scsi.ScsiOpcode;
import io.quiver.scsi.ScsiStatus;
import io.quiver.scsi.SenseKey;
import io.quiver.spi.device.ScsiDevice;
import io.quiver.testing.CephCluster;
import io.quiver.testing.ComponentConfigs;
import io.quiver.testing.FakeBundleContext;
import io.quiver.testing.FakeDeviceTask;
import io.quiver.testing.RecordingDeviceContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * vdisk_rbd against a real Ceph cluster ({@link CephCluster}: ports 31220-31239): SCSI commands through the
 * SBC command set into librbd and back, as the core hands them to the device.
 */
class RbdDeviceTest {

    private static final int BS = 512;
    private static CephCluster ceph;

    @TempDir
    Path data;

    @BeforeAll
    static void cluster() throws IOException {
        assumeTrue(CephCluster.installed() || System.getenv("QUIVER_CI") != null,
                "Ceph is not installed (.ci/run installs ceph-mon ceph-osd ceph-mgr ceph-common)");
        ceph = CephCluster.start(Path.of("target"), 31220, 31221, 31239);
    }

    @AfterAll
    static void stop() throws IOException {
        if (ceph != null) {
            ceph.close();
        }
    }

    private RbdConfig config(String name, String image, Object... more) throws IOException {
        return config(ceph, name, image, more);
    }

    private static RbdConfig config(CephCluster cluster, String name, String image, Object... more)
            throws IOException {
        List<Object> kv = new ArrayList<>(List.of("name", name, "pool", "rbd", "image", image, "conf",
                cluster.conf().toString(), "keyring", Files.readString(cluster.adminKeyring()), "size", 64L << 20));
        kv.addAll(List.of(more));
        return ComponentConfigs.of(RbdConfig.class, ComponentConfigs.properties(kv.toArray()));
    }

    private static int[] cdb16(int opcode, int flags, long lba, int blocks) {
        int[] c = new int[16];
        c[0] = opcode;
        c[1] = flags;
        for (int i = 0; i < 8; i++) {
            c[2 + i] = (int) (lba >>> (56 - 8 * i)) & 0xff;
        }
        for (int i = 0; i < 4; i++) {
            c[10 + i] = (blocks >>> (24 - 8 * i)) & 0xff;
        }
        return c;
    }

    private static FakeDeviceTask run(ScsiDevice d, int[] cdb, byte[] out) throws InterruptedException {
        FakeDeviceTask t = new FakeDeviceTask(cdb);
        if (out != null) {
            t.dataOut(out).expectedLength(out.length);
        }
        try (t) {
            d.execute(t);
            t.await();
            if (t.status() != ScsiStatus.GOOD) {
                System.out.println("CDB " + Arrays.toString(cdb) + ": " + t.status() + " " + t.sense().key() + " "
                        + t.sense().additionalSense() + " info " + t.sense().information());
            }
            return t;
        }
    }

    private static void write(ScsiDevice d, long lba, byte[] blocks, boolean fua) throws InterruptedException {
        assertEquals(ScsiStatus.GOOD, run(d, cdb16(ScsiOpcode.WRITE_16, fua ? 0x08 : 0, lba, blocks.length / BS),
                blocks).status());
    }

    private static byte[] read(ScsiDevice d, long lba, int blocks) throws InterruptedException {
        return dataIn(d, cdb16(ScsiOpcode.READ_16, 0, lba, blocks));
    }

    /** Activates {@code c} with {@code config}: the device it registered last. */
    private static ScsiDevice activate(FakeBundleContext osgi, RbdDeviceComponent c, RbdConfig config)
            throws Exception {
        c.activate(osgi.context(), config);
        return (ScsiDevice) osgi.registrations().get(osgi.registrations().size() - 1).service();
    }

    private static byte[] pattern(int blocks, int seed) {
        byte[] b = new byte[blocks * BS];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (i * 31 + seed);
        }
        return b;
    }

    @Test
    void aMissingImageIsCreatedAndKeepsWhatIsWrittenAcrossConnections() throws Exception {
        FakeBundleContext osgi = new FakeBundleContext(data);
        RbdDeviceComponent c = new RbdDeviceComponent();
        c.activate(osgi.context(), config("rbd0", "keep"));
        ScsiDevice d = (ScsiDevice) osgi.registrations().get(0).service();
        assertEquals("vdisk_rbd", d.descriptor().handlerName());
        assertTrue(ceph.rbd("info", "rbd/keep").contains("features: layering\n"), ceph.rbd("info", "rbd/keep"));
        byte[] big = pattern(2048, 7); // 1 MiB across an object boundary (4 MiB objects: 8191 and 8192)
        write(d, 8191 - 1000, big, false);
        write(d, 5, pattern(3, 1), true);
        assertEquals(ScsiStatus.GOOD, run(d, new int[] {ScsiOpcode.SYNCHRONIZE_CACHE_10, 0, 0, 0, 0, 0, 0, 0, 0, 0},
                null).status());
        assertArrayEquals(big, read(d, 8191 - 1000, 2048));
        c.deactivate();

        // a second connection (another device on the same image) reads what the first wrote
        RbdDeviceComponent again = new RbdDeviceComponent();
        again.activate(osgi.context(), config("rbd0b", "keep", "size", 0L));
        ScsiDevice d2 = (ScsiDevice) osgi.registrations().get(1).service();
        assertArrayEquals(pattern(3, 1), read(d2, 5, 3));
        assertArrayEquals(big, read(d2, 8191 - 1000, 2048));
        assertArrayEquals(new byte[BS], read(d2, 100_000, 1));
        again.deactivate();
    }

    @Test
    void twoDevicesOnOneImageSeeEachOthersWritesAtOnce() throws Exception {
        FakeBundleContext osgi = new FakeBundleContext(data);
        RbdDeviceComponent a = new RbdDeviceComponent();
        a.activate(osgi.context(), config("rbdA", "shared"));
        RbdDeviceComponent b = new RbdDeviceComponent();
        b.activate(osgi.context(), config("rbdB", "shared"));
        ScsiDevice da = (ScsiDevice) osgi.registrations().get(0).service();
        ScsiDevice db = (ScsiDevice) osgi.registrations().get(1).service();
        // a SYNCHRONIZE CACHE on each: librbd's cache (were it on) would switch from write-through to write-back
        int[] sync = {ScsiOpcode.SYNCHRONIZE_CACHE_10, 0, 0, 0, 0, 0, 0, 0, 0, 0};
        assertEquals(ScsiStatus.GOOD, run(da, sync, null).status());
        assertEquals(ScsiStatus.GOOD, run(db, sync, null).status());
        for (int round = 0; round < 3; round++) {
            // each reads the block first (a cache would keep it), then the other writes it, then it reads again
            read(da, 40, 1);
            read(db, 41, 1);
            write(db, 40, pattern(1, 10 + round), false);
            write(da, 41, pattern(1, 20 + round), false);
            assertArrayEquals(pattern(1, 10 + round), read(da, 40, 1), "A reads B's write, round " + round);
            assertArrayEquals(pattern(1, 20 + round), read(db, 41, 1), "B reads A's write, round " + round);
        }
        a.deactivate();
        b.deactivate();
    }

    @Test
    void unmapAndWriteSameZeroReadBackAsZeros() throws Exception {
        FakeBundleContext osgi = new FakeBundleContext(data);
        RbdDeviceComponent c = new RbdDeviceComponent();
        c.activate(osgi.context(), config("rbd1", "thin"));
        ScsiDevice d = (ScsiDevice) osgi.registrations().get(0).service();
        write(d, 0, pattern(64, 3), false);
        // UNMAP blocks 3-7 (not object aligned): partial discards must not be skipped
        byte[] param = new byte[24];
        param[1] = 22;
        param[3] = 16;
        param[15] = 3;
        param[19] = 5;
        assertEquals(ScsiStatus.GOOD,
                run(d, new int[] {ScsiOpcode.UNMAP, 0, 0, 0, 0, 0, 0, 0, 24, 0}, param).status());
        byte[] expected = pattern(64, 3);
        Arrays.fill(expected, 3 * BS, 8 * BS, (byte) 0);
        assertArrayEquals(expected, read(d, 0, 64));
        // WRITE SAME (16) of a zero block without UNMAP: librbd's write_zeroes
        assertEquals(ScsiStatus.GOOD, run(d, cdb16(ScsiOpcode.WRITE_SAME_16, 0, 20, 10), new byte[BS]).status());
        Arrays.fill(expected, 20 * BS, 30 * BS, (byte) 0);
        assertArrayEquals(expected, read(d, 0, 64));
        // WRITE SAME (16) with UNMAP: a discard
        assertEquals(ScsiStatus.GOOD, run(d, cdb16(ScsiOpcode.WRITE_SAME_16, 0x08, 40, 4), new byte[BS]).status());
        Arrays.fill(expected, 40 * BS, 44 * BS, (byte) 0);
        assertArrayEquals(expected, read(d, 0, 64));
        c.deactivate();
    }

    /** The data-in of a command that must end GOOD. */
    private static byte[] dataIn(ScsiDevice d, int[] cdb) throws InterruptedException {
        FakeDeviceTask t = new FakeDeviceTask(cdb);
        try (t) {
            d.execute(t);
            assertEquals(ScsiStatus.GOOD, t.await().status());
            return t.bytes();
        }
    }

    /** GET LBA STATUS (SERVICE ACTION IN (16) 0x9E/0x12) from {@code lba}: {lba, blocks, status} per descriptor. */
    private static List<long[]> lbaStatus(ScsiDevice d, long lba) throws InterruptedException {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(dataIn(d, cdb16(0x9E, 0x12, lba, 8 + 16 * 64)));
        List<long[]> out = new ArrayList<>();
        for (int at = 8; at < 4 + b.getInt(0); at += 16) {
            out.add(new long[] {b.getLong(at), b.getInt(at + 8) & 0xFFFFFFFFL, b.get(at + 12) & 0x0F});
        }
        return out;
    }

    private static String show(List<long[]> descriptors) {
        StringBuilder s = new StringBuilder();
        for (long[] x : descriptors) {
            s.append(x[0]).append('+').append(x[1]).append(x[2] == 0 ? " mapped, " : " deallocated, ");
        }
        return s.toString();
    }

    private static void unmap(ScsiDevice d, long lba, int blocks) throws InterruptedException {
        byte[] param = new byte[24];
        // UNMAP parameter list: data length 22, block descriptor data length 16, one descriptor
        java.nio.ByteBuffer.wrap(param).putShort(0, (short) 22).putShort(2, (short) 16)
                .putLong(8, lba).putInt(16, blocks);
        assertEquals(ScsiStatus.GOOD, run(d, new int[] {ScsiOpcode.UNMAP, 0, 0, 0, 0, 0, 0, 0, 24, 0}, param).status());
    }

    @Test
    void getLbaStatusFollowsWritesAndUnmaps() throws Exception {
        FakeBundleContext osgi = new FakeBundleContext(data);
        RbdDeviceComponent c = new RbdDeviceComponent();
        ScsiDevice d = activate(osgi, c, config("rbd6", "lbas"));
        // LBPME in READ CAPACITY (16): GET LBA STATUS is offered
        assertEquals(0x80, dataIn(d, cdb16(0x9E, 0x10, 0, 32))[14] & 0x80, "LBPME");
        int obj = 8192; // blocks per 4 MiB object
        assertEquals("0+131072 deallocated, ", show(lbaStatus(d, 0)), "a new image has no objects");

        write(d, 100, pattern(10, 1), false);
        write(d, obj + 5, pattern(1, 2), false);
        write(d, 2 * obj, pattern(obj, 3), false);
        write(d, 3 * obj, pattern(obj, 3), false);
        // without fast-diff librbd reports an object from its start to its size: blocks 0-99 count as mapped
        assertEquals("0+110 mapped, 110+8082 deallocated, 8192+6 mapped, 8198+8186 deallocated, 16384+16384 mapped, "
                + "32768+98304 deallocated, ", show(lbaStatus(d, 0)));
        String from105 = show(lbaStatus(d, 105));
        assertTrue(from105.startsWith("105+5 mapped, 110+8082 deallocated, "), "a run starts at the LBA asked for: "
                + from105);
        assertEquals(-8082, ((SbcDevice) d).store().provisioningExtent(110, 10_000));
        assertEquals(-20, ((SbcDevice) d).store().provisioningExtent(110, 20), "capped at maxBlocks");

        unmap(d, 2 * obj, obj); // a whole object: removed
        unmap(d, 3 * obj + 100, 50); // inside an object: zeroed, the object stays and is still reported
        unmap(d, 3 * obj + 8000, 192); // an object's tail: truncated
        assertEquals("0+110 mapped, 110+8082 deallocated, 8192+6 mapped, 8198+16378 deallocated, 24576+8000 mapped, "
                + "32576+98496 deallocated, ", show(lbaStatus(d, 0)));
        byte[] zeros = new byte[50 * BS];
        assertArrayEquals(zeros, read(d, 3 * obj + 100, 50));
        c.deactivate();

        // one descriptor lists at most 1 GiB of the image: a 3 GiB image without data takes three
        RbdDeviceComponent big = new RbdDeviceComponent();
        ScsiDevice db = activate(osgi, big, config("rbd7", "lbas-big", "size", 3L << 30));
        assertEquals("0+2097152 deallocated, 2097152+2097152 deallocated, 4194304+2097152 deallocated, ",
                show(lbaStatus(db, 0)));
        write(db, (3L << 30) / BS - 1, pattern(1, 4), false);
        assertEquals(List.of(6291455L, 1L, 0L), Arrays.stream(lbaStatus(db, 6291455L).get(0)).boxed().toList(),
                "the last block");
        big.deactivate();
    }

    @Test
    void theDiffCallbackStopsEarlyAndNeverThrowsIntoLibrbd() throws Exception {
        RbdConnection conn = RbdConnection.open(config("rbd8", "diffcb"));
        try {
            io.quiver.linux.RbdImage image = conn.image();
            byte[] block = pattern(1, 5);
            java.lang.foreign.MemorySegment buf = java.lang.foreign.Arena.ofAuto().allocate(BS);
            buf.copyFrom(java.lang.foreign.MemorySegment.ofArray(block));
            for (int o = 0; o < 8; o++) {
                image.write(o * (4L << 20), buf).await(); // one block in each of eight objects
            }
            List<Long> all = new ArrayList<>();
            image.allocated(0, 64L << 20, (off, len, exists) -> all.add(off) || true);
            assertEquals(List.of(0L, 4L << 20, 8L << 20, 12L << 20, 16L << 20, 20L << 20, 24L << 20, 28L << 20), all,
                    "in ascending order");
            List<Long> first = new ArrayList<>();
            image.allocated(0, 64L << 20, (off, len, exists) -> first.add(off) && false);
            assertEquals(List.of(0L), first, "false stops: no later object is reported");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> image.allocated(0, 64L << 20, (off, len, exists) -> {
                        throw new IllegalArgumentException("from the visitor at " + off);
                    }));
            assertEquals("from the visitor at 0", e.getMessage(), "rethrown on the caller's thread");
            // the stub is reused: many calls, each answered
            for (int i = 0; i < 200; i++) {
                long[] n = new long[1];
                image.allocated(0, 64L << 20, (off, len, exists) -> ++n[0] > 0);
                assertEquals(8, n[0]);
            }
        } finally {
            conn.close();
        }
    }

    @Test
    void compareAndWriteWritesOnAMatchAndReportsTheFirstMiscompare() throws Exception {
        FakeBundleContext osgi = new FakeBundleContext(data);
        RbdDeviceComponent c = new RbdDeviceComponent();
        c.activate(osgi.context(), config("rbd2", "caw"));
        ScsiDevice d = (ScsiDevice) osgi.registrations().get(0).service();
        write(d, 10, pattern(2, 5), false);
        byte[] both = new byte[4 * BS];
        System.arraycopy(pattern(2, 5), 0, both, 0, 2 * BS);
        System.arraycopy(pattern(2, 9), 0, both, 2 * BS, 2 * BS);
        int[] caw = cdb16(ScsiOpcode.COMPARE_AND_WRITE, 0, 10, 0);
        caw[13] = 2;
        assertEquals(ScsiStatus.GOOD, run(d, caw, both).status());
        assertArrayEquals(pattern(2, 9), read(d, 10, 2));

        // one sector (librbd 16 compares at most 512 bytes itself) differing at byte 300
        int[] caw1 = cdb16(ScsiOpcode.COMPARE_AND_WRITE, 0, 11, 0);
        caw1[13] = 1;
        byte[] one = new byte[2 * BS];
        System.arraycopy(pattern(2, 9), BS, one, 0, BS);
        one[300] ^= 1;
        FakeDeviceTask t1 = run(d, caw1, one);
        assertEquals(SenseKey.MISCOMPARE, t1.sense().key());
        assertEquals(300, t1.sense().information());

        // the stored blocks are pattern 9 now; a compare half differing at byte 700 changes nothing
        System.arraycopy(pattern(2, 9), 0, both, 0, 2 * BS);
        both[700] ^= 1;
        System.arraycopy(pattern(2, 1), 0, both, 2 * BS, 2 * BS);
        FakeDeviceTask t = run(d, caw, both);
        assertEquals(ScsiStatus.CHECK_CONDITION, t.status());
        assertEquals(SenseKey.MISCOMPARE, t.sense().key());
        assertEquals(700, t.sense().information());
        assertArrayEquals(pattern(2, 9), read(d, 10, 2));

        // librbd itself compared (the store did not hand the range back to the command set's read-compare-write)
        BlockStore store = ((SbcDevice) d).store();
        ByteBuf cmp = FakeDeviceTask.ALLOC.directBuffer(BS).writeBytes(pattern(2, 9), 0, BS);
        ByteBuf next = FakeDeviceTask.ALLOC.directBuffer(BS).writeBytes(pattern(1, 6));
        try {
            assertEquals(BlockStore.COMPARED_EQUAL, store.compareAndWrite(10, cmp, next, true));
            assertEquals(0, store.compareAndWrite(10, cmp, next, false), "block 10 now holds pattern 6");
        } finally {
            cmp.release();
            next.release();
        }
        c.deactivate();
    }

    @Test
    void growingTheImageRaisesCapacityDataHasChanged() throws Exception {
        FakeBundleContext osgi = new FakeBundleContext(data);
        RbdDeviceComponent c = new RbdDeviceComponent();
        c.activate(osgi.context(), config("rbd3", "grow", "size", 8L << 20));
        ScsiDevice d = (ScsiDevice) osgi.registrations().get(0).service();
        RecordingDeviceContext ctx = new RecordingDeviceContext();
        d.attach(ctx);
        c.modified(config("rbd3", "grow", "size", 16L << 20));
        assertEquals(1, osgi.registrations().size(), "a resize keeps the device");
        assertEquals(1, ctx.capacityChanges());
        assertEquals((16L << 20) / BS, ((RbdBlockStore) ((SbcDevice) d).store()).capacityBlocks());
        // grown elsewhere: an update that changes nothing re-reads the size
        ceph.rbd("resize", "--size", "32M", "rbd/grow");
        c.modified(config("rbd3", "grow", "size", 16L << 20));
        assertEquals(2, ctx.capacityChanges());
        assertEquals((32L << 20) / BS, ((SbcDevice) d).store().capacityBlocks());
        write(d, (32L << 20) / BS - 1, pattern(1, 4), false);
        assertThrows(IllegalArgumentException.class, () -> c.modified(config("rbd3", "grow", "size", 4L << 20)),
                "shrinking through the attribute is refused");
        c.deactivate();
    }

    @Test
    void aWrongKeyOrAMissingImageFailsAndHoldsNothing() throws Exception {
        FakeBundleContext osgi = new FakeBundleContext(data);
        IOException e = assertThrows(IOException.class, () -> new RbdDeviceComponent().activate(osgi.context(),
                config("rbd4", "x", "keyring", "AQBkjVNpAAAAABAAGm5A3H9S1G9PS2hB2FSrvA==")));
        assertTrue(e.getMessage().contains("rados_connect"), e.getMessage());
        IOException missing = assertThrows(IOException.class,
                () -> new RbdDeviceComponent().activate(osgi.context(), config("rbd5", "absent", "size", 0L)));
        assertTrue(missing.getMessage().contains("ENOENT"), missing.getMessage());
        assertEquals(0, osgi.registrations().size());
    }

    @Test
    void theKeyIsTakenFromAKeyringsTextOrGivenBare() {
        assertEquals("AQB==", RbdConnection.key("[client.admin]\n\tkey = AQB==\n\tcaps mon = \"allow *\"\n"));
        assertEquals("AQB==", RbdConnection.key(" AQB== "));
        assertEquals("", RbdConnection.key(""));
    }

    /**
     * A cluster of its own (ports 31515-31529) whose only OSD is killed: with {@code osd_op_timeout} 3 a READ
     * and a WRITE end after about 3 s with NOT READY, LOGICAL UNIT COMMUNICATION FAILURE (librados' ETIMEDOUT),
     * never a hang and never a MEDIUM ERROR; the device still closes. (The OSD is not restarted: memstore would
     * bring it back without the pool's only copy, which Ceph does not recreate on its own.)
     */
    @Test
    void aRequestTheClusterDoesNotAnswerInTimeIsNotReady() throws Exception {
        try (CephCluster lonely = CephCluster.start(Path.of("target"), 31515, 31516, 31529)) {
            FakeBundleContext osgi = new FakeBundleContext(data);
            RbdDeviceComponent c = new RbdDeviceComponent();
            ScsiDevice d = activate(osgi, c, config(lonely, "rbd9", "timeout", "osd_op_timeout", 3));
            write(d, 0, pattern(1, 3), false);
            lonely.killOsd(0);
            for (int[] cdb : List.of(cdb16(ScsiOpcode.READ_16, 0, 0, 1), cdb16(ScsiOpcode.WRITE_16, 0, 8, 1))) {
                long t0 = System.nanoTime();
                FakeDeviceTask t = run(d, cdb, cdb[0] == ScsiOpcode.WRITE_16 ? pattern(1, 4) : null);
                long ms = (System.nanoTime() - t0) / 1_000_000;
                assertEquals(ScsiStatus.CHECK_CONDITION, t.status());
                assertEquals(SenseKey.NOT_READY, t.sense().key());
                assertEquals(AdditionalSense.LOGICAL_UNIT_COMMUNICATION_FAILURE, t.sense().additionalSense());
                assertTrue(ms >= 2500 && ms < 30_000, "answered after " + ms + " ms");
            }
            // closing the image while the cluster is gone ends too (its requests time out as well)
            long t0 = System.nanoTime();
            c.deactivate();
            System.out.println("deactivated without the cluster in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
        }
    }
}
