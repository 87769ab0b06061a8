package io.quiver.bench;

import io.quiver.linux.FileIo;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The cost of one system call through the FFM API: {@code preadv2} of 4 KiB from a hot file (in the page
 * cache) through {@code io.quiver.linux}, blocking and with {@code RWF_NOWAIT}, against
 * {@code FileChannel.read} of the same 4 KiB into a direct buffer. Same pages, same order; with
 * {@code -prof gc}, {@code gc.alloc.rate.norm} is the garbage per call.
 */
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class FfmReadBenchmark extends ShortRun {

    private static final int BLOCK = 4096;
    private static final int BLOCKS = 256;

    private Path file;
    private FileChannel channel;
    private int fd;
    private Arena arena;
    private MemorySegment segment;
    private ByteBuffer buffer;
    private int next;

    @Setup
    public void setUp() throws IOException {
        file = Files.createTempFile("quiver-ffm-bench", ".img");
        Files.write(file, new byte[BLOCK * BLOCKS]);
        channel = FileChannel.open(file, StandardOpenOption.READ);
        fd = FileIo.open(file.toString(), FileIo.O_RDONLY | FileIo.O_CLOEXEC, 0);
        arena = Arena.ofShared();
        segment = arena.allocate(BLOCK, BLOCK);
        buffer = ByteBuffer.allocateDirect(BLOCK);
        for (int i = 0; i < BLOCKS; i++) { // every page hot before the first measured call
            channel.read(buffer.clear(), (long) i * BLOCK);
        }
    }

    @TearDown
    public void tearDown() throws IOException {
        FileIo.close(fd);
        channel.close();
        arena.close();
        Files.deleteIfExists(file);
    }

    private long nextOffset() {
        next = (next + 1) & (BLOCKS - 1);
        return (long) next * BLOCK;
    }

    @Benchmark
    public long ffmPreadv2() throws IOException {
        return FileIo.preadv2(fd, segment, nextOffset(), 0);
    }

    @Benchmark
    public long ffmPreadv2Nowait() throws IOException {
        return FileIo.preadv2(fd, segment, nextOffset(), FileIo.RWF_NOWAIT);
    }

    @Benchmark
    public int fileChannelRead() throws IOException {
        return channel.read(buffer.clear(), nextOffset());
    }
}
