package io.quiver.core.impl.log;

import io.quiver.core.impl.lu.LogicalUnitContext;
import io.quiver.core.impl.lu.LogicalUnitService;
import io.quiver.core.impl.lu.LogicalUnitServiceFactory;
import io.quiver.scsi.ScsiOpcode;
import io.quiver.spi.device.CommandDescriptor;
import java.util.List;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * Registers LOG SENSE / LOG SELECT with the pipeline: one {@link LogService} per attached device, with
 * counters from a {@link LogCounterSource} service if there is one, else {@link ObservedCounters}.
 * Thread-safe.
 */
@Component(service = LogicalUnitServiceFactory.class)
public final class LogServiceFactory implements LogicalUnitServiceFactory {

    private static final byte C = 0x07;
    private static final byte FF = (byte) 0xFF;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile LogCounterSource counterSource;

    @Override
    public int order() {
        return ORDER_LOG;
    }

    @Override
    public LogicalUnitService create(LogicalUnitContext context) {
        LogCounterSource source = counterSource;
        return new LogService(source != null ? source.countersFor(context) : new ObservedCounters());
    }

    @Override
    public List<CommandDescriptor> supportedCommands() {
        return List.of(
                new CommandDescriptor(ScsiOpcode.LOG_SELECT, -1, new byte[] {0x4C, 0x03, FF, FF, 0, 0, 0, FF, FF, C}),
                new CommandDescriptor(ScsiOpcode.LOG_SENSE, -1, new byte[] {0x4D, 0x03, FF, FF, 0, FF, FF, FF, FF, C}));
    }
}
