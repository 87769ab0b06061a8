package io.quiver.core.impl.pr;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quiver.core.impl.lu.LogicalUnitServiceFactory;
import io.quiver.spi.device.CommandDescriptor;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The DS factory: its PR OUT thread, its fallback after deactivation, and its opcode list. */
class ReservationServiceFactoryTest {

    @TempDir
    Path dir;

    @Test
    void persistentReserveOutFinishesOnTheFactoryThread() throws InterruptedException {
        ReservationServiceFactory factory = new ReservationServiceFactory();
        factory.activate();
        FakeNexus a = FakeNexus.of("iqn.2026-01.test:a");
        PrDriver pr = new PrDriver(factory.create(new FakeContext("d", dir, a)));
        try (FakeTask t = pr.out(a, 0, 0, 0, 0xA1, PrDriver.APTPL, new byte[0])) {
            for (int i = 0; i < 500 && t.completions() == 0; i++) {
                Thread.sleep(10);
            }
            t.assertGood();
        }
        factory.deactivate();
        try (FakeTask t = pr.out(a, 0, 0, 0xA1, 0xA2, 0, new byte[0])) {
            t.assertGood();
        }
        assertEquals(LogicalUnitServiceFactory.ORDER_RESERVATIONS, factory.order());
    }

    @Test
    void supportedCommandsHaveUsageMaps() {
        List<CommandDescriptor> commands = new ReservationServiceFactory().supportedCommands();
        assertEquals(4 + 4 + 8, commands.size());
        for (CommandDescriptor c : commands) {
            assertEquals(c.opcode(), c.cdbUsageMap()[0] & 0xFF);
            assertEquals(c.opcode() < 0x20 ? 6 : 10, c.cdbLength());
        }
    }
}
