package io.quiver.core.impl.pr;

import io.netty.buffer.ByteBuf;
import io.quiver.core.impl.lu.LogicalUnitContext;
import io.quiver.core.impl.lu.LogicalUnitService;
import io.quiver.core.impl.lu.LuTask;
import io.quiver.core.impl.lu.Nexus;
import io.quiver.scsi.ScsiOpcode;
import java.io.IOException;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reservations of one logical unit: SPC-2 RESERVE/RELEASE, SPC-4 PERSISTENT RESERVE IN/OUT, the
 * reservation conflict check for every other command, and APTPL persistence in the device's state
 * directory (reloaded when a new instance is created for the same device).
 *
 * <p>Thread-safe: all state sits behind one lock per logical unit; {@link #check} takes it only while
 * a reservation exists. PERSISTENT RESERVE OUT ({@link PersistentReserveOut}) is finished on the given
 * executor once its parameter list arrived, because persisting and PREEMPT AND ABORT may block.
 */
public final class ReservationService implements LogicalUnitService {

    private static final Logger LOG = LoggerFactory.getLogger(ReservationService.class);

    private final PrState state = new PrState();
    private final Spc2Reservation spc2 = new Spc2Reservation();
    private final PersistentReserveOut reserveOut;
    /** Whether any reservation exists; lets {@link #check} skip the lock in the common case. */
    private volatile boolean restricted;

    /**
     * @param context the logical unit
     * @param executor where PERSISTENT RESERVE OUT runs after its data-out arrived (may block)
     */
    public ReservationService(LogicalUnitContext context, Executor executor) {
        PrStateStore store = new PrStateStore(context.stateDirectory());
        this.reserveOut = new PersistentReserveOut(context, executor, state, spc2, store, this::updateRestricted);
        synchronized (state) {
            try {
                store.load(state);
            } catch (IOException e) {
                state.reset();
                LOG.error("Device {}: persistent reservations not restored: {}", context.deviceName(), e.toString());
            }
            updateRestricted();
        }
    }

    @Override
    public String check(LuTask task) {
        if (!restricted) {
            return null;
        }
        Nexus nexus = task.nexus();
        ByteBuf cdb = task.cdb();
        boolean ok;
        synchronized (state) {
            if (spc2.holder() != null) {
                ok = !spc2.heldByOther(nexus) || ConflictTable.allowedUnderSpc2(cdb);
            } else if (state.type() != null) {
                Registration r = state.registrationOf(nexus);
                ok = ConflictTable.allowed(ConflictTable.classify(cdb, task.direction()), state.type(), r != null,
                        state.isHolder(r));
            } else {
                ok = true;
            }
        }
        if (ok) {
            return null;
        }
        PrFailure.conflict("reservation").completeOn(task);
        return "reservation conflict";
    }

    @Override
    public boolean handles(LuTask task) {
        switch (task.opcode()) {
            case ScsiOpcode.RESERVE_6:
            case ScsiOpcode.RESERVE_10:
            case ScsiOpcode.RELEASE_6:
            case ScsiOpcode.RELEASE_10:
            case ScsiOpcode.PERSISTENT_RESERVE_IN:
            case ScsiOpcode.PERSISTENT_RESERVE_OUT:
                return true;
            default:
                return false;
        }
    }

    @Override
    public void execute(LuTask task) {
        try {
            switch (task.opcode()) {
                case ScsiOpcode.PERSISTENT_RESERVE_IN:
                    persistentReserveIn(task);
                    return;
                case ScsiOpcode.PERSISTENT_RESERVE_OUT:
                    reserveOut.execute(task);
                    return;
                case ScsiOpcode.RESERVE_6:
                case ScsiOpcode.RESERVE_10:
                    synchronized (state) {
                        spc2.reserve(state, task.nexus(), task.cdb());
                        updateRestricted();
                    }
                    break;
                default:
                    synchronized (state) {
                        spc2.release(state, task.nexus(), task.cdb());
                        updateRestricted();
                    }
                    break;
            }
            task.complete();
        } catch (PrFailure f) {
            f.completeOn(task);
        }
    }

    private void persistentReserveIn(LuTask task) throws PrFailure {
        ByteBuf cdb = task.cdb();
        int serviceAction = cdb.getUnsignedByte(cdb.readerIndex() + 1) & 0x1F;
        int allocation = cdb.getUnsignedShort(cdb.readerIndex() + 7);
        ByteBuf data;
        synchronized (state) {
            if (spc2.holder() != null) {
                throw PrFailure.conflict("PERSISTENT RESERVE IN under an SPC-2 reservation");
            }
            data = PrInResponder.respond(serviceAction, state, task.alloc());
        }
        if (data == null) {
            throw PrFailure.invalidCdb(1, 4);
        }
        if (data.readableBytes() > allocation) {
            data.writerIndex(data.readerIndex() + allocation);
        }
        task.complete(data);
    }

    @Override
    public void nexusLost(Nexus nexus) {
        synchronized (state) {
            spc2.nexusLost(nexus);
            updateRestricted();
        }
    }

    @Override
    public void logicalUnitReset() {
        synchronized (state) {
            spc2.reset();
            updateRestricted();
        }
    }

    private void updateRestricted() {
        restricted = spc2.holder() != null || state.type() != null;
    }
}
