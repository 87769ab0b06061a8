package io.quiver.sbc;

import io.quiver.sbc.impl.CommandTable;
import io.quiver.sbc.impl.SbcEngine;
import io.quiver.spi.device.CommandDescriptor;
import io.quiver.spi.device.DeviceContext;
import io.quiver.spi.device.DeviceDescriptor;
import io.quiver.spi.device.DeviceTask;
import io.quiver.spi.device.ScsiDevice;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * A direct-access block device (SBC-3/4) over a {@link BlockStore}: what a block device handler
 * registers as its {@link ScsiDevice} service. The handler supplies the store, its identity (usually
 * from {@link VdiskAttributes}) and its {@link SbcOptions}; this class answers every SBC command the
 * core forwards, the block VPD pages B0h/B1h/B2h/B3h and the mode pages.
 *
 * <p>The {@link #descriptor()} is the one given to the constructor with {@code threads()} and
 * {@code queueDepth()} taken from the options (threads at least 1 when the store may block and is not
 * {@linkplain BlockStore#memoryBacked() memory-backed}; 0 when it is memory-backed: the command set then
 * moves what could take long to its own I/O threads itself), so the core runs {@link #execute} on the
 * device's own threads exactly when the store needs them.
 *
 * <p>Thread-safe: {@link #execute} is called concurrently; {@link #resized()} and {@link #close()} from
 * any thread. After {@link #close()} the device must no longer be registered.
 */
public final class SbcDevice implements ScsiDevice, AutoCloseable {

    private static final List<Integer> VPD_PAGES = List.of(0x8F, 0xB0, 0xB1, 0xB2, 0xB3);

    private final DeviceDescriptor descriptor;
    private final BlockStore store;
    private final SbcEngine engine;
    private volatile DeviceContext context;

    /**
     * @param descriptor the device's identity; its threads and queue depth are replaced from {@code options}
     * @param store where the blocks are; closed by {@link #close()}
     * @param options caching, threads, queue depth and where saved mode pages go
     */
    public SbcDevice(DeviceDescriptor descriptor, BlockStore store, SbcOptions options) {
        int threads = coreThreads(store, options);
        this.descriptor = DeviceDescriptor.builder(descriptor.name(), descriptor.handlerName(), descriptor.type())
                .vendorId(descriptor.vendorId())
                .productId(descriptor.productId())
                .productRevision(descriptor.productRevision())
                .unitSerialNumber(descriptor.unitSerialNumber())
                .t10DeviceId(descriptor.t10DeviceId())
                .naaId(descriptor.naaId())
                .eui64Id(descriptor.eui64Id())
                .noNaaId(descriptor.noNaaId())
                .logicalUnitDesignators(descriptor.logicalUnitDesignators())
                .removable(descriptor.removable())
                .readOnly(descriptor.readOnly())
                .threads(threads)
                .queueDepth(options.queueDepth())
                .protectionType(store.protectionType())
                .clusterMode(descriptor.clusterMode())
                // Executed on the submitting thread, yet some commands go to the I/O threads: cached READs
                // complete inline while writes wait for those threads, and a memory store copies small
                // transfers inline and large ones there. Either may finish out of order, which the core's
                // restricted reordering then prevents for overlapping blocks only.
                .reordersOnItsOwn(threads == 0 && store.mayBlock())
                .build();
        this.store = store;
        this.engine = new SbcEngine(this.descriptor, store, options,
                other -> other instanceof SbcDevice d ? d.engine : null);
    }

    /**
     * The threads the core runs {@link #execute} on: none for memory, whose small reads and writes are
     * done on the thread that submits them (one hand-off less each way, which is most of a 4 KiB
     * command's latency) and for a store that reads cached blocks without waiting (its command set moves
     * everything else to its own threads), at least one for a store that may wait for a device.
     */
    private static int coreThreads(BlockStore store, SbcOptions options) {
        if (store.mayBlock() && (store.memoryBacked() || SbcEngine.readsCached(store))) {
            return 0;
        }
        return store.mayBlock() ? Math.max(1, options.threads()) : options.threads();
    }

    @Override
    public DeviceDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public void execute(DeviceTask task) {
        engine.execute(task);
    }

    @Override
    public void attach(DeviceContext ctx) {
        this.context = ctx;
        engine.attach(ctx);
    }

    @Override
    public void detach() {
        this.context = null;
        engine.detach();
    }

    /** I_T nexus loss: drops the nexus' medium removal prevention and held EXTENDED COPY status. */
    @Override
    public void nexusLost(long nexusId) {
        engine.nexusLost(nexusId);
    }

    /** Logical unit reset: drops every nexus' medium removal prevention and held EXTENDED COPY status. */
    @Override
    public void reset() {
        engine.reset();
    }

    @Override
    public List<CommandDescriptor> supportedCommands() {
        return CommandTable.commands(store.thinProvisioned(), store.maxAtomicBlocks() > 0,
                store.protectionType());
    }

    @Override
    public List<Integer> vpdPages() {
        return VPD_PAGES;
    }

    /** The store's capacity changed: initiators get CAPACITY DATA HAS CHANGED (if attached). */
    public void resized() {
        DeviceContext ctx = context;
        if (ctx != null) {
            ctx.capacityChanged();
        }
    }

    /** The store this device serves. */
    public BlockStore store() {
        return store;
    }

    /** Stops the device's I/O threads and closes the store. */
    @Override
    public void close() {
        engine.close();
        try {
            store.close();
        } catch (IOException e) {
            throw new UncheckedIOException("closing the store of " + descriptor.name(), e);
        }
    }
}
