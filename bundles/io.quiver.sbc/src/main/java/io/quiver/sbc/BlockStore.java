package io.quiver.sbc;

import io.netty.buffer.ByteBuf;
import java.io.IOException;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Where a block device keeps its blocks: a file, a block device, memory, or nothing. Implemented by
 * block device handlers; the SBC command set does everything else.
 *
 * <p>Addresses are logical block addresses in units of {@link #blockSize()}; the command set has already
 * checked every range against {@link #capacityBlocks()}. Thread-safe: the command set calls the I/O
 * methods concurrently from the device's threads (SCST's {@code threads_num}); if {@link #mayBlock()} is
 * {@code false}, or the store is {@link #memoryBacked()}, they may also be called on a Netty event loop.
 */
@ConsumerType
public interface BlockStore extends AutoCloseable {

    /** Logical block size in bytes: 512 or 4096. */
    int blockSize();

    /** Number of logical blocks; may grow or shrink at run time (resize). */
    long capacityBlocks();

    /** LOGICAL BLOCKS PER PHYSICAL BLOCK EXPONENT of READ CAPACITY (16). */
    default int physicalBlockExponent() {
        return 0;
    }

    /** Whether the I/O methods may block (file and device I/O do; memory and nullio do not). */
    boolean mayBlock();

    /**
     * Whether a store that {@linkplain #mayBlock() may block} keeps its blocks in memory all the same (a
     * file on tmpfs): its I/O methods are system calls that copy memory and never wait for a device. The
     * command set then treats it as memory, like a store that never blocks, except that reads and writes
     * of more than {@value #MEMORY_INLINE_TRANSFER_BYTES} bytes copy on the device's threads so that one
     * large transfer does not hold a Netty event loop. A handler declares it when it opens the store; the
     * command set never probes. The default is {@code false}.
     */
    default boolean memoryBacked() {
        return false;
    }

    /** The largest read or write a {@linkplain #memoryBacked() memory-backed} store serves on the calling thread. */
    int MEMORY_INLINE_TRANSFER_BYTES = 64 << 10;

    /**
     * Whether {@link #readCached} can serve a read without blocking when its blocks are already in memory (a
     * file read through the page cache with {@code RWF_NOWAIT}). The command set then executes commands on
     * the thread that submits them (a Netty event loop), tries each plain READ there, and hands the READs
     * that would wait, and every other command, to its I/O threads: a page-cache hit costs no thread hand-off
     * either way. Declared by the handler when it opens the store, never probed; ignored for a
     * {@linkplain #memoryBacked() memory-backed} store or one with protection information. The default is
     * {@code false}.
     */
    default boolean readsCached() {
        return false;
    }

    /**
     * Reads as {@link #read} only if that cannot block: {@code true} with {@code dst} filled and its writer
     * index advanced, or {@code false} with the writer index unchanged when some block is not in memory (the
     * caller then calls {@link #read} on a thread that may block). May be called on a Netty event loop, so it
     * never waits for a device. Only called when {@link #readsCached()} says so; the default says
     * {@code false}.
     */
    default boolean readCached(long lba, int blocks, ByteBuf dst) throws IOException {
        return false;
    }

    /**
     * Whether {@link #lendBlocks} lends blocks: read once when the device is built, and only for a
     * {@linkplain #memoryBacked() memory-backed} store. The default is {@code false}.
     */
    default boolean lendsBlocks() {
        return false;
    }

    /**
     * Lends {@code blocks} blocks at {@code lba} as a read-only buffer over the memory they live in (a shared
     * mapping of a file on tmpfs, a RAM disk's own memory), so that a READ's data reaches the transport with
     * no copy into a buffer of its own; {@code null} when this range cannot be lent (the command set then
     * calls {@link #read}). The buffer shows every later write to those blocks, so the command set holds the
     * range against writers until the transport has released the buffer. Called on the thread that executes
     * the command (a Netty event loop): it must not block. The caller releases the buffer; the memory stays
     * valid until then, even if the store is closed meanwhile. The default lends nothing.
     */
    default ByteBuf lendBlocks(long lba, int blocks) throws IOException {
        return null;
    }

    /**
     * Reads {@code blocks} blocks at {@code lba} into {@code dst} at its writer index, advancing it by
     * {@code blocks * blockSize()} bytes. Unmapped blocks read as zeros.
     */
    void read(long lba, int blocks, ByteBuf dst) throws IOException;

    /**
     * Writes all readable bytes of {@code src} (a whole number of blocks) at {@code lba} without
     * consuming or releasing it. With {@code forceUnitAccess} the data is durable when this returns
     * (SBC-3 FUA); otherwise it may sit in a volatile cache until {@link #flush()}.
     */
    void write(long lba, ByteBuf src, boolean forceUnitAccess) throws IOException;

    /**
     * The most blocks one {@link #writeAtomic} call writes all-or-nothing (WRITE ATOMIC (16), SBC-4 4.29):
     * 0, the default, if the store cannot write atomically. The command set reports it (capped to the
     * maximum transfer length) as MAXIMUM ATOMIC TRANSFER LENGTH in the Block Limits VPD page.
     */
    default int maxAtomicBlocks() {
        return 0;
    }

    /**
     * As {@link #write}, but after a crash of the process (or of the host, for a store that says so in its
     * documentation) at any moment the blocks hold either all of their old contents or all of
     * {@code src}, never a mix. The command set holds the LBA range against every other write and read
     * while this runs, so atomicity towards concurrent commands is its business, not the store's. Only
     * called with at most {@link #maxAtomicBlocks()} blocks.
     */
    default void writeAtomic(long lba, ByteBuf src, boolean forceUnitAccess) throws IOException {
        throw new UnsupportedOperationException("no atomic writes");
    }

    /**
     * The T10 protection information type the store is formatted with (SBC-4 4.22): 0 (none, the default),
     * 1, 2 or 3. A store with a type keeps 8 bytes of protection information per block
     * ({@link #readProtection}, {@link #writeProtection}); the command set generates, checks and moves it.
     */
    default int protectionType() {
        return 0;
    }

    /**
     * Reads the protection information of {@code blocks} blocks at {@code lba} into {@code dst} (8 bytes per
     * block: guard, application tag, reference tag, big-endian). Protection information never written reads
     * as all ones (FFh bytes: the escape values that disable checking). Only called if
     * {@link #protectionType()} is not 0.
     */
    default void readProtection(long lba, int blocks, ByteBuf dst) throws IOException {
        throw new UnsupportedOperationException("no protection information");
    }

    /**
     * Writes the protection information in {@code src} (8 bytes per block, all readable bytes) for the
     * blocks from {@code lba}, without consuming it; durable as {@link #write} with the same
     * {@code forceUnitAccess}. Only called if {@link #protectionType()} is not 0.
     */
    default void writeProtection(long lba, ByteBuf src, boolean forceUnitAccess) throws IOException {
        throw new UnsupportedOperationException("no protection information");
    }

    /**
     * Writes zeros over {@code blocks} blocks from {@code lba} the store's own way (WRITE SAME of a zero
     * block without UNMAP), durable as {@link #write} with the same {@code forceUnitAccess}; later reads
     * return zeros whether or not the blocks stay allocated.
     *
     * @return false, the default, when the store has no such way and the command set must write the zero
     *     block over the range itself; true when the range now reads as zeros
     */
    default boolean writeZeroes(long lba, long blocks, boolean forceUnitAccess) throws IOException {
        return false;
    }

    /** What {@link #compareAndWrite} returns when it compared equal and wrote. */
    long COMPARED_EQUAL = -1;
    /** What {@link #compareAndWrite} returns when it did nothing: the command set compares and writes itself. */
    long NOT_ATOMIC = Long.MIN_VALUE;

    /**
     * COMPARE AND WRITE done by the store itself, atomically against writers the command set cannot see
     * (other targets writing the same shared storage, such as an RBD image): writes {@code data} at
     * {@code lba} only if the stored blocks equal {@code compare} (both the same whole number of blocks,
     * neither consumed nor released). The command set still holds the range against its own commands.
     *
     * @return {@link #COMPARED_EQUAL} when written; the offset (from {@code lba}, in bytes) of the first
     *     differing byte when nothing was written; {@link #NOT_ATOMIC}, the default, when the store cannot
     *     do this range itself, and the command set then reads, compares and writes under its range lock
     */
    default long compareAndWrite(long lba, ByteBuf compare, ByteBuf data, boolean forceUnitAccess)
            throws IOException {
        return NOT_ATOMIC;
    }

    /** Makes every completed write durable (SYNCHRONIZE CACHE). */
    void flush() throws IOException;

    /** Whether {@link #unmap} deallocates (thin provisioning; LBPME in READ CAPACITY (16)). */
    default boolean thinProvisioned() {
        return false;
    }

    /** Deallocates blocks; later reads return zeros (LBPRZ). Only called if {@link #thinProvisioned()}. */
    default void unmap(long lba, long blocks) throws IOException {
        throw new UnsupportedOperationException("not thin provisioned");
    }

    /**
     * For GET LBA STATUS: the number of blocks from {@code lba} (at most {@code maxBlocks}) that share
     * the provisioning status of {@code lba}, negative if that status is deallocated. The default reports
     * everything mapped.
     */
    default long provisioningExtent(long lba, long maxBlocks) throws IOException {
        return maxBlocks;
    }

    /** Releases the store's resources (closes files). */
    @Override
    void close() throws IOException;
}
