package io.quiver.handler.fileio.impl.channel;

import io.netty.buffer.ByteBuf;
import io.quiver.sbc.BlockStore;
import java.io.IOException;
import java.nio.channels.FileChannel;

/**
 * A {@link BlockStore} over an open {@link FileChannel}: a regular file (fileio) or a block device
 * (blockio). Blocks move straight between the channel and the command's pooled buffers
 * ({@link ChannelTransfer}).
 *
 * <p>Durability: when the channel was opened with {@code DSYNC} ({@code write_through}) every write is
 * already durable; otherwise FUA and {@link #flush()} call {@code force(false)} (fdatasync). With
 * {@code nv_cache} the SBC layer never asks for either, as SCST does.
 *
 * <p>Thin provisioning only where deallocation is real ({@link ThinProvisioning}): with a {@link SparseFile}
 * (a regular file) UNMAP punches holes and GET LBA STATUS reports them; without one every block is mapped.
 * A block device gets no {@link SparseFile}: see {@code BlockDevice} in the blockio handler for why.
 *
 * <p>Thread-safe: every I/O method is positional; the capacity is volatile and changes only through
 * {@link #capacityBlocks(long)} on a resize.
 */
public final class ChannelBlockStore implements BlockStore {

    /** The largest atomic write (one journal record): 1 MiB, 2048 blocks of 512 bytes. */
    public static final int MAX_ATOMIC_BYTES = 1 << 20;

    private final FileChannel channel;
    private final ChannelTransfer transfer;
    private final int blockSize;
    private final boolean writeThrough;
    private final boolean direct;
    private final ThinProvisioning thin;
    private final boolean memoryBacked;
    private final AtomicJournal journal;
    private final ProtectionFile protection;
    private volatile long capacityBlocks;
    private PageCacheReads cachedReads;
    private GatheredWrites gathered;
    private MappedBlocks lent;

    /**
     * @param channel the open channel; this store owns and closes it
     * @param blockSize the logical block size, 512 or 4096
     * @param capacityBlocks the number of blocks exported
     * @param directAlignment 0 for buffered I/O, else the channel's {@code O_DIRECT} alignment
     * @param writeThrough whether the channel was opened with {@code DSYNC}
     */
    public ChannelBlockStore(FileChannel channel, int blockSize, long capacityBlocks, int directAlignment,
            boolean writeThrough) {
        this(channel, blockSize, capacityBlocks, directAlignment, writeThrough, null);
    }

    /**
     * A thin-provisioned store when {@code holes} is not {@code null}.
     *
     * @param holes hole punching on the same file, owned and closed by this store, or {@code null}
     */
    public ChannelBlockStore(FileChannel channel, int blockSize, long capacityBlocks, int directAlignment,
            boolean writeThrough, SparseFile holes) {
        this(channel, blockSize, capacityBlocks, directAlignment, writeThrough, holes, false);
    }

    /**
     * A store that declares itself {@linkplain BlockStore#memoryBacked() memory-backed} when
     * {@code memoryBacked} is set: the caller knows the file lives in memory (tmpfs).
     *
     * @param holes hole punching on the same file, owned and closed by this store, or {@code null}
     * @param memoryBacked whether the channel's file system keeps the file in memory
     */
    public ChannelBlockStore(FileChannel channel, int blockSize, long capacityBlocks, int directAlignment,
            boolean writeThrough, SparseFile holes, boolean memoryBacked) {
        this(channel, blockSize, capacityBlocks, directAlignment, writeThrough, holes, memoryBacked, null);
    }

    /**
     * A store with atomic writes when {@code journal} is not {@code null}.
     *
     * @param journal the {@link AtomicJournal} of the channel's file (already replayed), owned and closed by
     *        this store, or {@code null} for no WRITE ATOMIC
     */
    public ChannelBlockStore(FileChannel channel, int blockSize, long capacityBlocks, int directAlignment,
            boolean writeThrough, SparseFile holes, boolean memoryBacked, AtomicJournal journal) {
        this(channel, blockSize, capacityBlocks, directAlignment, writeThrough, holes, memoryBacked, journal, null);
    }

    /**
     * A store formatted with T10 protection information when {@code protection} is not {@code null}.
     *
     * @param protection the sidecar file of its protection information, owned and closed by this store
     */
    public ChannelBlockStore(FileChannel channel, int blockSize, long capacityBlocks, int directAlignment,
            boolean writeThrough, SparseFile holes, boolean memoryBacked, AtomicJournal journal,
            ProtectionFile protection) {
        if (blockSize != 512 && blockSize != 4096) {
            throw new IllegalArgumentException("blocksize must be 512 or 4096: " + blockSize);
        }
        if (directAlignment > 0 && blockSize % directAlignment != 0) {
            throw new IllegalArgumentException("blocksize " + blockSize + " is not a multiple of the O_DIRECT alignment "
                    + directAlignment);
        }
        this.channel = channel;
        this.transfer = new ChannelTransfer(channel, directAlignment);
        this.blockSize = blockSize;
        this.writeThrough = writeThrough;
        this.direct = directAlignment > 0;
        this.thin = new ThinProvisioning(holes, blockSize);
        this.memoryBacked = memoryBacked;
        this.capacityBlocks = capacityBlocks;
        this.journal = journal;
        this.protection = protection;
    }

    @Override
    public int blockSize() {
        return blockSize;
    }

    @Override
    public long capacityBlocks() {
        return capacityBlocks;
    }

    /** Sets the exported capacity after a resize; the caller then tells the SBC device. */
    public void capacityBlocks(long blocks) {
        if (blocks < 0) {
            throw new IllegalArgumentException("capacity must be >= 0: " + blocks);
        }
        this.capacityBlocks = blocks;
    }

    @Override
    public boolean mayBlock() {
        return true;
    }

    @Override
    public boolean memoryBacked() {
        return memoryBacked;
    }

    /**
     * Serves READs of cached blocks without blocking through {@code reads} (owned and closed by this store
     * from now on). Called once, before the store is handed to its device: the device reads
     * {@link #readsCached()} when it is built.
     */
    public void serveCachedReads(PageCacheReads reads) {
        if (direct || cachedReads != null) {
            throw new IllegalStateException("cached reads need buffered I/O and are set once");
        }
        this.cachedReads = reads;
    }

    /**
     * Writes data that arrived in many buffers with one gathering system call through {@code writes} (owned and
     * closed by this store from now on). Called once, before the store is handed to its device.
     */
    public void gatherWrites(GatheredWrites writes) {
        if (gathered != null) {
            throw new IllegalStateException("gathered writes are set once");
        }
        transfer.gatherWrites(writes);
        this.gathered = writes;
    }

    /**
     * Lends READs the file's pages ({@link MappedBlocks}): only for a memory-backed file read without O_DIRECT.
     * Called once, before the store is handed to its device.
     */
    public void lendMappedBlocks() {
        if (!memoryBacked || direct || lent != null) {
            throw new IllegalStateException("mapped blocks need a memory-backed file without O_DIRECT, set once");
        }
        this.lent = new MappedBlocks(channel);
    }

    @Override
    public boolean lendsBlocks() {
        return lent != null;
    }

    @Override
    public ByteBuf lendBlocks(long lba, int blocks) throws IOException {
        return lent == null ? null : lent.lend(lba * blockSize, Math.multiplyExact(blocks, blockSize));
    }

    @Override
    public boolean readsCached() {
        return cachedReads != null;
    }

    @Override
    public boolean readCached(long lba, int blocks, ByteBuf dst) throws IOException {
        return cachedReads != null && cachedReads.read(lba * blockSize, Math.multiplyExact(blocks, blockSize), dst);
    }

    @Override
    public void read(long lba, int blocks, ByteBuf dst) throws IOException {
        transfer.read(lba * blockSize, Math.multiplyExact(blocks, blockSize), dst);
    }

    @Override
    public void write(long lba, ByteBuf src, boolean forceUnitAccess) throws IOException {
        if (src.readableBytes() % blockSize != 0) {
            throw new IllegalArgumentException("write of " + src.readableBytes() + " bytes is not whole blocks");
        }
        transfer.write(lba * blockSize, src);
        if (forceUnitAccess && !writeThrough) {
            channel.force(false);
        }
    }

    @Override
    public int protectionType() {
        return protection == null ? 0 : protection.type();
    }

    @Override
    public void readProtection(long lba, int blocks, ByteBuf dst) throws IOException {
        protection.read(lba, blocks, dst);
    }

    @Override
    public void writeProtection(long lba, ByteBuf src, boolean forceUnitAccess) throws IOException {
        protection.write(lba, src, forceUnitAccess || writeThrough);
    }

    /** Up to {@value #MAX_ATOMIC_BYTES} bytes through the journal; none without one. */
    @Override
    public int maxAtomicBlocks() {
        return journal == null ? 0 : MAX_ATOMIC_BYTES / blockSize;
    }

    /** Through the {@link AtomicJournal}: durable when this returns, whatever {@code forceUnitAccess} says. */
    @Override
    public void writeAtomic(long lba, ByteBuf src, boolean forceUnitAccess) throws IOException {
        if (journal == null || src.readableBytes() > MAX_ATOMIC_BYTES || src.readableBytes() % blockSize != 0) {
            throw new IllegalArgumentException("atomic write of " + src.readableBytes() + " bytes not possible");
        }
        journal.write(lba * blockSize, src);
    }

    @Override
    public void flush() throws IOException {
        if (!writeThrough) {
            channel.force(false);
        }
        if (protection != null) {
            protection.flush();
        }
    }

    @Override
    public boolean thinProvisioned() {
        return thin.enabled();
    }

    @Override
    public void unmap(long lba, long blocks) throws IOException {
        thin.unmap(lba, blocks);
    }

    /** See {@link ThinProvisioning#extent}: SEEK_DATA and SEEK_HOLE, or all mapped without holes. */
    @Override
    public long provisioningExtent(long lba, long maxBlocks) throws IOException {
        return thin.extent(lba, maxBlocks);
    }

    /** The channel's size in bytes (a block device reports its size too). */
    public long channelSize() throws IOException {
        return channel.size();
    }

    /** Whether the channel was opened with O_DIRECT. */
    public boolean directIo() {
        return direct;
    }

    /** Transfers that needed the O_DIRECT bounce buffer; for tests and statistics. */
    public long bouncedTransfers() {
        return transfer.bouncedTransfers();
    }

    @Override
    public void close() throws IOException {
        try (AtomicJournal j = journal; ThinProvisioning h = thin; ProtectionFile p = protection;
                PageCacheReads c = cachedReads; GatheredWrites g = gathered) {
            channel.close();
        }
    }
}
