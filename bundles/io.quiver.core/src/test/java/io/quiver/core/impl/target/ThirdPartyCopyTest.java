package io.quiver.core.impl.target;

import static io.quiver.core.impl.target.Harness.assertGood;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quiver.scsi.ScsiOpcode;
import io.quiver.spi.device.CommandDescriptor;
import io.quiver.transport.local.LocalRequest;
import io.quiver.transport.local.LocalResponse;
import io.quiver.transport.local.LocalSession;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the core offers EXTENDED COPY: the 3PC bit and finding devices by their VPD 83h designators. */
class ThirdPartyCopyTest {

    @TempDir
    Path dir;

    Harness h;
    MemoryDevice copier;
    MemoryDevice plain;
    LocalSession s;

    /** A device that declares EXTENDED COPY among its commands. */
    static final class CopyingDevice extends MemoryDevice {
        CopyingDevice(String name) {
            super(name, 16);
        }

        @Override
        public List<CommandDescriptor> supportedCommands() {
            List<CommandDescriptor> all = new ArrayList<>(super.supportedCommands());
            all.add(new CommandDescriptor(ScsiOpcode.EXTENDED_COPY, 0, new byte[16]));
            return all;
        }
    }

    @BeforeEach
    void setUp() {
        h = new Harness(dir);
        copier = h.device(new CopyingDevice("c0"));
        plain = h.device("p0");
        h.lun(0, "c0");
        h.lun(1, "p0");
        s = h.login("iqn.a");
    }

    @AfterEach
    void tearDown() {
        h.close();
    }

    private int inquiryByte5(int lun) {
        LocalResponse r = s.execute(LocalRequest.of(lun, 0x12, 0, 0, 0, 36, 0).dataIn(36));
        assertGood(r);
        return r.dataByte(5);
    }

    @Test
    void threePcFollowsTheDevicesSupportedCommands() {
        assertEquals(0x08, inquiryByte5(0) & 0x08, "3PC for a device with EXTENDED COPY");
        assertEquals(0, inquiryByte5(1) & 0x08, "no 3PC without it");
    }

    @Test
    void findDeviceResolvesTheT10VendorIdDesignatorOfVpd83() {
        // Devices without NAA or EUI-64: initiators (libiscsi) name them by the T10 vendor ID designator.
        byte[] t10 = h.core.unit("p0").identity().designator(1);
        assertTrue(new String(t10, StandardCharsets.US_ASCII).matches("QUIVER  [0-9a-f]{20}-p0"));
        assertTrue(copier.context.findDevice(t10).isPresent());
        assertSame(plain, copier.context.findDevice(t10).get());
        assertTrue(copier.context.findDevice("QUIVER  SN-zz".getBytes(StandardCharsets.US_ASCII)).isEmpty());
    }
}
