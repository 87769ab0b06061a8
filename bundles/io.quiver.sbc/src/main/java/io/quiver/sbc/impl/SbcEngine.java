package io.quiver.sbc.impl;

import io.netty.buffer.ByteBuf;
import io.quiver.sbc.BlockStore;
import io.quiver.sbc.SbcOptions;
import io.quiver.scsi.AdditionalSense;
import io.quiver.scsi.ScsiOpcode;
import io.quiver.scsi.SenseData;
import io.quiver.scsi.SenseKey;
import io.quiver.spi.device.DeviceContext;
import io.quiver.spi.device.DeviceDescriptor;
import io.quiver.spi.device.DeviceTask;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.function.Function;

/**
 * One SBC device's command set: dispatches each forwarded command to the class answering its family and
 * gives them what every family checks: reserved CDB fields ({@link ReservedFields}), ranges, transfer
 * limits, PROTECT fields, write protection and the durability rule; while a {@link Sanitize} operation
 * runs it answers everything but INQUIRY with NOT READY, SANITIZE IN PROGRESS (with its progress). How
 * tasks are scheduled (range lock, data-out continuation, failures) is {@link TaskFlow}'s.
 *
 * <p>Threading: {@link #execute} runs where the core calls it (the device's threads, or the submitting
 * thread for stores that never block, are memory, or read cached blocks; the last see only their cached
 * READs served there, everything else is moved to the I/O executor). Thread-safe.
 */
public final class SbcEngine implements AutoCloseable {

    private static final int MAX_TRANSFER_BYTES = 8 << 20;
    private static final SenseData NO_MEDIUM = SenseData.of(SenseKey.NOT_READY, AdditionalSense.MEDIUM_NOT_PRESENT);

    final DeviceDescriptor descriptor;
    final BlockStore store;
    final SbcOptions options;
    final ModePages modePages;
    final TaskFlow flow;
    final RangeLock rangeLock;
    final ExecutorService ioExecutor;
    final Sanitize sanitize;
    /** Makes READ wait for WRITE ATOMIC (16) only while one runs. */
    final AtomicReadGate atomicReads = new AtomicReadGate();
    volatile DeviceContext context;
    /** A removable device's medium is in (START STOP UNIT with LOEJ ejects and loads it). */
    volatile boolean mediumLoaded = true;
    /**
     * PREVENT ALLOW MEDIUM REMOVAL per I_T nexus (SPC-4 6.13): the nexuses preventing removal; removal
     * is prevented while any does.
     */
    final Set<Long> preventing = ConcurrentHashMap.newKeySet();
    /** RECEIVE COPY RESULTS: the held copy status per nexus and list identifier. */
    final CopyResults copyResults;

    private final Dispatch.Command[] handlers;

    /**
     * @param engineOf the engine of a device found through {@code DeviceContext.findDevice} if it is an
     *        SBC device, else {@code null} (EXTENDED COPY across devices)
     */
    public SbcEngine(DeviceDescriptor descriptor, BlockStore store, SbcOptions options,
            Function<Object, SbcEngine> engineOf) {
        this.descriptor = descriptor;
        // A store formatted with protection information keeps it up to date on every write path.
        this.store = store.protectionType() == 0 ? store
                : new ProtectedStore(store, io.netty.buffer.ByteBufAllocator.DEFAULT);
        this.options = options;
        this.modePages = new ModePages(descriptor.name(), options, store.protectionType() != 0);
        this.flow = new TaskFlow(descriptor.name(), store, Math.max(1, options.threads()));
        this.rangeLock = flow.rangeLock;
        this.ioExecutor = flow.ioExecutor;
        this.sanitize = new Sanitize(this);
        this.copyResults = new CopyResults(this);
        this.handlers = Dispatch.table(this, engineOf);
    }

    /**
     * Whether the command set serves {@code store}'s cached READs on the submitting thread
     * ({@link BlockStore#readsCached()}): only a store that may block, is not memory (served as memory
     * already) and keeps no protection information (whose reads check a second file).
     */
    public static boolean readsCached(BlockStore store) {
        return store.mayBlock() && !store.memoryBacked() && store.protectionType() == 0 && store.readsCached();
    }

    /** Runs one forwarded command; completes the task exactly once, now or later. */
    public void execute(DeviceTask task) {
        int opcode = task.opcode() & 0xFF;
        Dispatch.Command h = handlers[opcode];
        if (h == null) {
            task.fail(SenseData.invalidOpcode());
            return;
        }
        if (!mediumLoaded && Dispatch.needsMedium(opcode)) {
            task.fail(NO_MEDIUM);
            return;
        }
        if (sanitize.inProgress() && opcode != ScsiOpcode.INQUIRY) {
            task.fail(sanitize.notReady());
            return;
        }
        if (flow.cachedReadsOnly && !ReadWriteCommands.isRead(opcode)) {
            // The core runs this on the submitting thread (an event loop) for the sake of cached READs:
            // everything else may block and goes to the I/O threads, as the core would have sent it.
            flow.onIoExecutor(task, () -> run(h, task), () -> { });
            return;
        }
        flow.guard(task, () -> run(h, task));
    }

    private static void run(Dispatch.Command h, DeviceTask task) throws Exception {
        ReservedFields.check(task.cdb());
        h.execute(task);
    }

    /** The core attached the device: report the Control page fields it enforces. */
    public void attach(DeviceContext ctx) {
        this.context = ctx;
        modePages.reportControl(ctx);
    }

    public void detach() {
        this.context = null;
    }

    /** I_T nexus loss: the nexus' medium removal prevention and held copy status go. */
    public void nexusLost(long nexusId) {
        preventing.remove(nexusId);
        copyResults.nexusLost(nexusId);
    }

    /** Logical unit reset: every nexus' medium removal prevention and held copy status go. */
    public void reset() {
        preventing.clear();
        copyResults.clear();
    }

    /** Whether any nexus prevents medium removal. */
    boolean removalPrevented() {
        return !preventing.isEmpty();
    }

    public ModePages modePages() {
        return modePages;
    }

    @Override
    public void close() {
        sanitize.close();
        flow.close();
    }

    int blockSize() {
        return store.blockSize();
    }

    int maxTransferBlocks() {
        return MAX_TRANSFER_BYTES / store.blockSize();
    }

    /** LBA OUT OF RANGE unless {@code [lba, lba + blocks)} (unsigned LBA) lies within the capacity. */
    void checkRange(long lba, long blocks) throws SenseException {
        long cap = store.capacityBlocks();
        if (Long.compareUnsigned(lba, cap) > 0 || blocks > cap - lba) {
            throw Senses.lbaOutOfRange();
        }
    }

    /** The T10 protection information type the medium is formatted with (0: none). */
    int protectionType() {
        return store.protectionType();
    }

    /**
     * INVALID FIELD IN CDB when a PROTECT field is set on a command that does not move protection
     * information: every one on a device without it; on one with it, WRITE ATOMIC (16), whose atomic
     * write path has no protection information of its own yet.
     */
    static void checkNoProtection(ByteBuf cdb) throws SenseException {
        if (Cdb.protect(cdb) != 0) {
            throw Senses.invalidCdb(1, 7);
        }
    }

    /** INVALID FIELD IN CDB when a transfer exceeds MAXIMUM TRANSFER LENGTH of VPD B0h. */
    void checkTransferLength(long blocks, int lengthOffset) throws SenseException {
        if (blocks > maxTransferBlocks()) {
            throw Senses.invalidCdb(lengthOffset, -1);
        }
    }

    /** Whether the medium is write-protected for this task: the LUN, the device or SWP says so. */
    boolean writeProtected(DeviceTask task) {
        return task.writeProtected() || descriptor.readOnly() || modePages.softwareWriteProtect();
    }

    /** DATA PROTECT, WRITE PROTECTED when the medium is write-protected for this task. */
    void checkWritable(DeviceTask task) throws SenseException {
        if (writeProtected(task)) {
            throw Senses.writeProtected();
        }
    }

    /**
     * Whether a write must be durable before it completes: always under write_through, never with a
     * non-volatile cache, else when the initiator asked (FUA) or disabled the write cache (WCE 0).
     */
    boolean durable(boolean fua) {
        return options.writeThrough() || (!options.nvCache() && (fua || !modePages.writeCacheEnabled()));
    }
}
