package io.quiver.core.impl.pr;

import io.quiver.core.impl.lu.LogicalUnitContext;
import io.quiver.core.impl.lu.LogicalUnitService;
import io.quiver.core.impl.lu.LogicalUnitServiceFactory;
import io.quiver.scsi.ScsiOpcode;
import io.quiver.spi.device.CommandDescriptor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * Registers reservations with the pipeline: one {@link ReservationService} per attached device. Owns the
 * single thread that finishes PERSISTENT RESERVE OUT commands (persisting and aborting may block; PR
 * commands are rare, so one thread for all devices is enough). Thread-safe.
 */
@Component(service = LogicalUnitServiceFactory.class)
public final class ReservationServiceFactory implements LogicalUnitServiceFactory {

    private static final byte C = 0x07;
    private ExecutorService executor;

    @Activate
    void activate() {
        executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "quiver-persistent-reservations");
            t.setDaemon(true);
            return t;
        });
    }

    @Deactivate
    void deactivate() {
        executor.shutdown();
    }

    @Override
    public int order() {
        return ORDER_RESERVATIONS;
    }

    @Override
    public LogicalUnitService create(LogicalUnitContext context) {
        return new ReservationService(context, this::runLater);
    }

    /** Runs on the reservation thread; inline once the component is deactivated, so no task is stranded. */
    private void runLater(Runnable work) {
        try {
            executor.execute(work);
        } catch (RejectedExecutionException e) {
            work.run();
        }
    }

    @Override
    public List<CommandDescriptor> supportedCommands() {
        List<CommandDescriptor> list = new ArrayList<>();
        list.add(new CommandDescriptor(ScsiOpcode.RESERVE_6, -1, new byte[] {0x16, 0, 0, 0, 0, C}));
        list.add(new CommandDescriptor(ScsiOpcode.RELEASE_6, -1, new byte[] {0x17, 0, 0, 0, 0, C}));
        list.add(new CommandDescriptor(ScsiOpcode.RESERVE_10, -1, new byte[] {0x56, 0x12, 0, 0, 0, 0, 0, 0, 0, C}));
        list.add(new CommandDescriptor(ScsiOpcode.RELEASE_10, -1, new byte[] {0x57, 0x12, 0, 0, 0, 0, 0, 0, 0, C}));
        for (int sa = PrInResponder.READ_KEYS; sa <= PrInResponder.READ_FULL_STATUS; sa++) {
            list.add(new CommandDescriptor(ScsiOpcode.PERSISTENT_RESERVE_IN, sa,
                    new byte[] {0x5E, 0x1F, 0, 0, 0, 0, 0, (byte) 0xFF, (byte) 0xFF, C}));
        }
        for (int sa = PrOutParameters.REGISTER; sa <= PrOutParameters.REGISTER_AND_MOVE; sa++) {
            list.add(new CommandDescriptor(ScsiOpcode.PERSISTENT_RESERVE_OUT, sa,
                    new byte[] {0x5F, 0x1F, (byte) 0xFF, 0, 0, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, C}));
        }
        return List.copyOf(list);
    }
}
