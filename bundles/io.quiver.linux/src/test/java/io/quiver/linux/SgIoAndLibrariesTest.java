package io.quiver.linux;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SG_IO where the kernel refuses it, and optional libraries present and absent. */
class SgIoAndLibrariesTest {

    @TempDir
    Path dir;

    @Test
    void sgIoOnARegularFileFailsWithEnotty() throws Exception {
        Path f = Files.write(dir.resolve("not-scsi.img"), new byte[4096]);
        int fd = FileIo.open(f.toString(), FileIo.O_RDWR | FileIo.O_CLOEXEC, 0);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment inquiry = arena.allocateFrom(java.lang.foreign.ValueLayout.JAVA_BYTE,
                    (byte) 0x12, (byte) 0, (byte) 0, (byte) 0, (byte) 96, (byte) 0);
            MemorySegment data = arena.allocate(96);
            MemorySegment sense = arena.allocate(32);
            MemorySegment v3 = SgIo.v3(arena, inquiry, SgIo.SG_DXFER_FROM_DEV, data, sense, 5000);
            LinuxException e = assertThrows(LinuxException.class, () -> SgIo.execute(fd, v3));
            assertEquals(Errno.ENOTTY, e.errno(), e.getMessage());
            assertTrue(e.getMessage().contains("ENOTTY"), e.getMessage());

            MemorySegment v4 = SgIo.v4(arena, inquiry, MemorySegment.NULL, data, sense, 5000);
            assertEquals(Errno.ENOTTY, assertThrows(LinuxException.class, () -> SgIo.execute(fd, v4)).errno());
            assertThrows(IllegalArgumentException.class, () -> SgIo.execute(fd, arena.allocate(12)));
        } finally {
            FileIo.close(fd);
        }
    }

    @Test
    void anAbsentLibraryIsAClearError() {
        NativeLibrary.MissingLibraryException e = assertThrows(NativeLibrary.MissingLibraryException.class,
                () -> NativeLibrary.open("libquiver-absent.so.1", "quiver-absent"));
        assertTrue(e.getMessage().startsWith("libquiver-absent.so.1 is not installed"), e.getMessage());
        assertTrue(e.getMessage().contains("install quiver-absent"), e.getMessage());
    }

    @Test
    void libibverbsWhenInstalled() throws Throwable {
        Privileges.require(Files.exists(Path.of("/usr/lib/x86_64-linux-gnu/libibverbs.so.1")),
                "libibverbs1 is not installed");
        try (NativeLibrary verbs = NativeLibrary.open("libibverbs.so.1", "libibverbs1 (rdma-core)")) {
            MethodHandle list = verbs.function("ibv_get_device_list", FunctionDescriptor.of(ADDRESS, ADDRESS));
            MethodHandle free = verbs.function("ibv_free_device_list", FunctionDescriptor.ofVoid(ADDRESS));
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment count = arena.allocate(JAVA_INT);
                MemorySegment devices = (MemorySegment) list.invokeExact(NativeLibrary.errnoState(), count);
                // no RDMA device here unless rdma_rxe is set up: an empty list, or NULL with errno set
                if (devices.address() != 0) {
                    assertTrue(count.get(JAVA_INT, 0) >= 0);
                    free.invokeExact(NativeLibrary.errnoState(), devices);
                } else {
                    assertNotEquals(0, NativeLibrary.lastErrno());
                }
            }
            NativeLibrary.MissingLibraryException e = assertThrows(NativeLibrary.MissingLibraryException.class,
                    () -> verbs.find("ibv_quiver_absent"));
            assertTrue(e.getMessage().contains("libibverbs.so.1 has no symbol ibv_quiver_absent"), e.getMessage());
        }
    }
}
