package io.quiver.core.impl.target;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.quiver.core.impl.lu.LuTask;
import io.quiver.scsi.DataDirection;
import io.quiver.scsi.TaskAttribute;
import io.quiver.spi.target.ScsiCommand;

/**
 * What a task addresses and carries: the transport's {@link ScsiCommand} (tag, task attribute, CDB,
 * direction, expected transfer length) on a nexus and a LUN of its LUN map, read the way logical-unit
 * services and devices read an {@link LuTask}. The task's state and completion are {@link Task}'s.
 *
 * <p>Immutable but for the unit's detachment; thread-safe.
 */
public abstract sealed class TaskCommand implements LuTask permits Task {

    final CoreSession session;
    final ScsiCommand command;
    final int lun;
    final MappedLun mapped;

    TaskCommand(CoreSession session, ScsiCommand command, int lun, MappedLun mapped) {
        this.session = session;
        this.command = command;
        this.lun = lun;
        this.mapped = mapped;
    }

    @Override
    public CoreSession nexus() {
        return session;
    }

    public CoreSession session() {
        return session;
    }

    /** The logical unit, or {@code null} if the LUN maps none (or its device is gone). */
    public LogicalUnit unit() {
        return mapped == null || mapped.unit().isDetached() ? null : mapped.unit();
    }

    /** Whether the LUN still maps a logical unit whose device went away (the departure grace). */
    boolean unitDeparted() {
        return mapped != null && mapped.unit().isDetached();
    }

    /** The decoded LUN number, or a negative {@link io.quiver.core.impl.map.LunAddress} code. */
    public int lunNumber() {
        return lun;
    }

    public long tag() {
        return command.tag();
    }

    public TaskAttribute attribute() {
        return command.taskAttribute();
    }

    @Override
    public ByteBuf cdb() {
        return command.cdb();
    }

    @Override
    public int opcode() {
        return command.cdb().getUnsignedByte(command.cdb().readerIndex());
    }

    /** CDB byte {@code i}, unsigned; 0 beyond the CDB. */
    public int cdbByte(int i) {
        ByteBuf c = command.cdb();
        return i < c.readableBytes() ? c.getUnsignedByte(c.readerIndex() + i) : 0;
    }

    @Override
    public long nexusId() {
        return session.id();
    }

    @Override
    public int lun() {
        return Math.max(lun, 0);
    }

    @Override
    public DataDirection direction() {
        return command.direction();
    }

    @Override
    public long expectedDataTransferLength() {
        return command.expectedDataTransferLength();
    }

    @Override
    public boolean writeProtected() {
        LogicalUnit u = unit();
        return mapped != null && (mapped.readOnly() || (u != null && u.descriptor().readOnly()));
    }

    @Override
    public ByteBufAllocator alloc() {
        return ByteBufAllocator.DEFAULT;
    }

    @Override
    public String toString() {
        return String.format("tag %d %s lun %d", command.tag(), io.quiver.scsi.ScsiOpcode.name(opcode()), lun);
    }
}
