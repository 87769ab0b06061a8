package io.quiver.linux;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** preadv2/pwritev2 flags, fallocate and lseek against a real file on ext4 (the machine's root file system). */
class FileIoTest {

    private static final int PAGE = 4096;

    @TempDir
    Path dir;

    @BeforeEach
    void onExt4() throws IOException {
        Privileges.require("ext4".equals(Files.getFileStore(dir).type()),
                "the temporary directory " + dir + " is on " + Files.getFileStore(dir).type() + ", not ext4");
    }

    @Test
    void nowaitReadIsEagainForAColdPageAndDataForAHotOne() throws IOException {
        byte[] data = pattern(16 * PAGE, 7);
        Path f = Files.write(dir.resolve("cold.img"), data);
        int fd = FileIo.open(f.toString(), FileIo.O_RDWR | FileIo.O_CLOEXEC, 0);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(PAGE, PAGE);
            buf.copyFrom(MemorySegment.ofArray(Arrays.copyOf(data, PAGE)));
            assertEquals(PAGE, FileIo.pwritev2(fd, buf, 0, FileIo.RWF_DSYNC), "written through");
            fsyncAndDrop(f, fd); // every page clean, then out of the page cache

            assertEquals(-Errno.EAGAIN, FileIo.preadv2(fd, buf, 8 * PAGE, FileIo.RWF_NOWAIT), "cold page");
            assertEquals(PAGE, FileIo.preadv2(fd, buf, 8 * PAGE, 0), "a blocking read brings it in");
            buf.fill((byte) 0);
            assertEquals(PAGE, FileIo.preadv2(fd, buf, 8 * PAGE, FileIo.RWF_NOWAIT), "hot page");
            assertArrayEquals(Arrays.copyOfRange(data, 8 * PAGE, 9 * PAGE), buf.toArray(ValueLayout.JAVA_BYTE));
            assertEquals(0, FileIo.preadv2(fd, buf, 16 * PAGE, 0), "end of file");
        } finally {
            FileIo.close(fd);
        }
    }

    /** One call writes many buffers in order, at most GATHER_MAX of them; positions stay; heap buffers refused. */
    @Test
    void gatheredWriteWritesTheViewsInOrder() throws IOException {
        Path f = Files.write(dir.resolve("gather.img"), new byte[128 * PAGE]);
        int fd = FileIo.open(f.toString(), FileIo.O_RDWR | FileIo.O_CLOEXEC, 0);
        try {
            int views = FileIo.GATHER_MAX + 3;
            byte[] data = pattern(views * 1000, 5);
            java.nio.ByteBuffer[] v = new java.nio.ByteBuffer[views];
            for (int i = 0; i < views; i++) {
                v[i] = java.nio.ByteBuffer.allocateDirect(1100).position(50).limit(1050).slice();
                v[i].put(data, i * 1000, 1000).flip();
            }
            long n = FileIo.pwritev2(fd, v, 0, 7, 0);
            assertEquals(FileIo.GATHER_MAX * 1000L, n, "one call gathers GATHER_MAX views");
            assertEquals(0, v[0].position(), "positions do not move");
            assertEquals(3000, FileIo.pwritev2(fd, v, FileIo.GATHER_MAX, 7 + n, FileIo.RWF_DSYNC));
            assertArrayEquals(data, Arrays.copyOfRange(Files.readAllBytes(f), 7, 7 + data.length));
            v[1] = java.nio.ByteBuffer.allocate(10);
            assertThrows(IllegalArgumentException.class, () -> FileIo.pwritev2(fd, v, 0, 0, 0));
            LinuxException e = assertThrows(LinuxException.class, () -> FileIo.pwritev2(-1, v, 2, 0, 0));
            assertEquals(Errno.EBADF, e.errno());
        } finally {
            FileIo.close(fd);
        }
    }

    @Test
    void punchedHoleAndZeroRangeReadBackAsZeros() throws IOException {
        byte[] data = pattern(64 * PAGE, 3);
        Path f = Files.write(dir.resolve("thin.img"), data);
        int fd = FileIo.open(f.toString(), FileIo.O_RDWR | FileIo.O_CLOEXEC, 0);
        try {
            FileIo.fallocate(fd, FileIo.FALLOC_FL_PUNCH_HOLE | FileIo.FALLOC_FL_KEEP_SIZE, 8 * PAGE, 8 * PAGE);
            FileIo.fallocate(fd, FileIo.FALLOC_FL_ZERO_RANGE | FileIo.FALLOC_FL_KEEP_SIZE, 32 * PAGE + 100, 5000);
            byte[] back = Files.readAllBytes(f);
            Arrays.fill(data, 8 * PAGE, 16 * PAGE, (byte) 0);
            Arrays.fill(data, 32 * PAGE + 100, 32 * PAGE + 5100, (byte) 0);
            assertArrayEquals(data, back);
            assertEquals(64 * PAGE, Files.size(f), "KEEP_SIZE");

            assertEquals(8 * PAGE, FileIo.lseek(fd, 0, FileIo.SEEK_HOLE), "the punched hole");
            assertEquals(16 * PAGE, FileIo.lseek(fd, 8 * PAGE, FileIo.SEEK_DATA));
            FileIo.fallocate(fd, FileIo.FALLOC_FL_PUNCH_HOLE | FileIo.FALLOC_FL_KEEP_SIZE, 60 * PAGE, 4 * PAGE);
            assertEquals(-1, FileIo.lseek(fd, 60 * PAGE, FileIo.SEEK_DATA), "only a hole follows: ENXIO");

            LinuxException e = assertThrows(LinuxException.class,
                    () -> FileIo.fallocate(fd, FileIo.FALLOC_FL_PUNCH_HOLE, 0, PAGE));
            assertEquals(Errno.EOPNOTSUPP, e.errno(), "PUNCH_HOLE without KEEP_SIZE: " + e.getMessage());
            assertTrue(e.getMessage().contains("EOPNOTSUPP"), e.getMessage());
        } finally {
            FileIo.close(fd);
        }
    }

    @Test
    void errorsCarryTheKernelsErrno() {
        LinuxException e = assertThrows(LinuxException.class,
                () -> FileIo.open(dir.resolve("missing").toString(), FileIo.O_RDONLY, 0));
        assertEquals(Errno.ENOENT, e.errno());
        assertEquals(Errno.EBADF, assertThrows(LinuxException.class, () -> FileIo.close(-1)).errno());
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(PAGE);
            assertEquals(Errno.EBADF, assertThrows(LinuxException.class,
                    () -> FileIo.preadv2(-1, buf, 0, FileIo.RWF_NOWAIT)).errno(), "EBADF is not EAGAIN");
        }
        assertThrows(IllegalArgumentException.class, () -> FileIo.preadv2(0, MemorySegment.ofArray(new byte[8]), 0, 0));
    }

    private static void fsyncAndDrop(Path f, int fd) throws IOException {
        try (var ch = java.nio.channels.FileChannel.open(f, java.nio.file.StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        FileIo.fadvise(fd, 0, 0, FileIo.POSIX_FADV_DONTNEED);
    }

    static byte[] pattern(int size, int seed) {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = (byte) (i * 31 + seed + (i >> 12));
        }
        return b;
    }
}
