package io.quiver.handler.tape.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.quiver.scsi.ScsiStatus;
import io.quiver.scsi.SenseKey;
import io.quiver.spi.device.ScsiDevice;
import io.quiver.testing.ComponentConfigs;
import io.quiver.testing.FakeBundleContext;
import io.quiver.testing.FakeDeviceTask;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A library made by its component, driven through SCSI commands as the core would pass them. */
class LibraryDevicesTest {

    @TempDir
    Path dir;

    FakeBundleContext bundle;
    VchangerComponent component;
    Map<String, Object> props = new HashMap<>();

    @BeforeEach
    void activate() throws Exception {
        bundle = new FakeBundleContext(dir);
        props.put("name", "lib0");
        props.put("library", dir.resolve("lib0").toString());
        props.put("drives", 2);
        props.put("slots", 4);
        props.put("ie_slots", 1);
        props.put("cartridges", "AAA001,AAA002:16");
        props.put("capacity_mb", 8L);
        component = new VchangerComponent();
        component.activate(bundle.context(), config(), new HashMap<>(props));
    }

    @AfterEach
    void deactivate() throws Exception {
        tasks.forEach(FakeDeviceTask::close);
        if (component != null) {
            component.deactivate();
            assertTrue(bundle.live().isEmpty());
        }
    }

    private VchangerConfig config() {
        return ComponentConfigs.of(VchangerConfig.class, new HashMap<>(props));
    }

    private ScsiDevice device(String name) {
        return bundle.live().stream().filter(r -> name.equals(r.properties().get(ScsiDevice.NAME_PROPERTY)))
                .map(r -> (ScsiDevice) r.service()).findFirst().orElseThrow();
    }

    /** Every task run, closed after the test: that checks each buffer was released exactly once. */
    private final List<FakeDeviceTask> tasks = new ArrayList<>();

    private FakeDeviceTask run(ScsiDevice d, FakeDeviceTask t) throws Exception {
        tasks.add(t);
        d.execute(t);
        return t.await();
    }

    private FakeDeviceTask move(int from, int to) throws Exception {
        return run(device("lib0"), new FakeDeviceTask(0xA5, 0, 0, 0, from >> 8, from & 0xFF, to >> 8, to & 0xFF, 0, 0, 0, 0));
    }

    private ByteBuf elementStatus(int type, boolean voltag, boolean dvcid) throws Exception {
        FakeDeviceTask t = run(device("lib0"), new FakeDeviceTask(0xB8, (voltag ? 0x10 : 0) | type, 0, 0, 0xFF, 0xFF,
                dvcid ? 1 : 0, 0, 0x10, 0, 0, 0));
        assertEquals(ScsiStatus.GOOD, t.status());
        return t.data();
    }

    @Test
    void registersAChangerAndItsDrives() {
        assertEquals(3, bundle.live().size());
        assertEquals("vchanger", bundle.live().get(0).properties().get("quiver.handler.name"));
        assertEquals(0x08, device("lib0").descriptor().type().code());
        assertEquals(0x01, device("lib0_drive1").descriptor().type().code());
        assertTrue(device("lib0_drive1").descriptor().removable());
        assertTrue(Files.exists(dir.resolve("lib0/AAA002.img")));
    }

    @Test
    void elementStatusShowsBarcodesAndDriveIdentifiers() throws Exception {
        ByteBuf d = elementStatus(2, true, false);
        assertEquals(ElementMap.FIRST_SLOT, d.getUnsignedShort(0));
        assertEquals(4, d.getUnsignedShort(2));
        assertEquals(2, d.getByte(8), "storage page");
        assertEquals(0x80, d.getUnsignedByte(9), "PVOLTAG");
        int len = d.getUnsignedShort(10);
        assertEquals(48, len);
        assertEquals(0x09, d.getByte(16 + 2), "ACCESS, FULL");
        assertEquals("AAA001", d.toString(16 + 12, 32, StandardCharsets.US_ASCII).trim());
        assertEquals(0x08, d.getByte(16 + 2 * len + 2), "the third slot is empty");

        ByteBuf drives = elementStatus(4, false, true);
        assertEquals(2, drives.getUnsignedShort(2));
        int dl = drives.getUnsignedShort(10);
        String id = drives.toString(16 + 16, dl - 16, StandardCharsets.US_ASCII).trim();
        assertEquals("QUIVER  VTAPE           lib0_drive0", id);
    }

    @Test
    void moveMediumLoadsAndUnloadsTheDrive() throws Exception {
        ScsiDevice drive = device("lib0_drive0");
        assertEquals(0x3A, run(drive, new FakeDeviceTask(0, 0, 0, 0, 0, 0)).sense().asc());
        assertEquals(ScsiStatus.GOOD, move(ElementMap.FIRST_SLOT + 1, ElementMap.FIRST_DRIVE).status());
        assertEquals(ScsiStatus.GOOD, run(drive, new FakeDeviceTask(0, 0, 0, 0, 0, 0)).status());
        // write a block and a filemark through the drive
        FakeDeviceTask w = new FakeDeviceTask(0x0A, 0, 0, 0, 10, 0).dataOut("0123456789".getBytes(StandardCharsets.US_ASCII));
        assertEquals(ScsiStatus.GOOD, run(drive, w).status());
        assertEquals(ScsiStatus.GOOD, run(drive, new FakeDeviceTask(0x10, 0, 0, 0, 1, 0)).status());
        // READ POSITION long form: object 2, file 1
        FakeDeviceTask rp = run(drive, new FakeDeviceTask(0x34, 0x06, 0, 0, 0, 0, 0, 0, 32, 0));
        assertEquals(2, rp.data().getLong(8));
        assertEquals(1, rp.data().getLong(16));
        assertEquals(0, rp.data().getByte(0) & 0x80, "not at BOP");
        // the destination is full; the source of the drive's cartridge is its slot
        assertEquals(0x0D, move(ElementMap.FIRST_SLOT, ElementMap.FIRST_DRIVE).sense().ascq());
        ByteBuf d = elementStatus(4, true, false);
        assertEquals(0x80, d.getUnsignedByte(16 + 9) & 0x80, "SVALID");
        assertEquals(ElementMap.FIRST_SLOT + 1, d.getUnsignedShort(16 + 10));
        // prevented in the drive: the changer cannot take it
        run(drive, new FakeDeviceTask(0x1E, 0, 0, 0, 1, 0).nexus(5));
        assertEquals(0x53, move(ElementMap.FIRST_DRIVE, ElementMap.FIRST_IE).sense().asc());
        run(drive, new FakeDeviceTask(0x1E, 0, 0, 0, 0, 0).nexus(5));
        assertEquals(ScsiStatus.GOOD, move(ElementMap.FIRST_DRIVE, ElementMap.FIRST_IE).status());
        assertEquals(0x3A, run(drive, new FakeDeviceTask(0, 0, 0, 0, 0, 0)).sense().asc());
        assertEquals(0x0E, move(ElementMap.FIRST_DRIVE, ElementMap.FIRST_SLOT).sense().ascq(), "source empty");
        assertEquals(0x01, move(0x0999, ElementMap.FIRST_SLOT).sense().ascq(), "invalid element");
        assertTrue(((ChangerDevice) device("lib0")).runtimeAttributes().get("cartridge_AAA002").matches("ie1 used=154 free=\\d+"),
                ((ChangerDevice) device("lib0")).runtimeAttributes().toString());
    }

    @Test
    void aRestartFindsTheCartridgesWhereTheyWere() throws Exception {
        move(ElementMap.FIRST_SLOT, ElementMap.FIRST_DRIVE + 1);
        FakeDeviceTask w = new FakeDeviceTask(0x0A, 0, 0, 0, 3, 0).dataOut(new byte[] {1, 2, 3});
        run(device("lib0_drive1"), w);
        component.deactivate();
        component = new VchangerComponent();
        component.activate(bundle.context(), config(), new HashMap<>(props));
        ScsiDevice drive = device("lib0_drive1");
        assertEquals(ScsiStatus.GOOD, run(drive, new FakeDeviceTask(0, 0, 0, 0, 0, 0)).status());
        FakeDeviceTask r = run(drive, new FakeDeviceTask(0x08, 0, 0, 0, 3, 0));
        assertEquals(ScsiStatus.GOOD, r.status());
        assertEquals(3, r.data().getByte(2));
    }

    @Test
    void exchangeAndModePagesAndUnknownOpcodes() throws Exception {
        FakeDeviceTask x = run(device("lib0"), new FakeDeviceTask(0xA6, 0, 0, 0, 0x10, 0x00, 0x10, 0x01, 0x10, 0x00, 0, 0));
        assertEquals(ScsiStatus.GOOD, x.status());
        Library lib = ((ChangerDevice) device("lib0")).library();
        assertEquals("AAA002", lib.at(ElementMap.FIRST_SLOT));
        assertEquals("AAA001", lib.at(ElementMap.FIRST_SLOT + 1));
        FakeDeviceTask ms = run(device("lib0"), new FakeDeviceTask(0x1A, 0x08, 0x1D, 0, 0xFF, 0));
        ByteBuf p = ms.data();
        assertEquals(0x1D, p.getByte(4));
        assertEquals(ElementMap.FIRST_SLOT, p.getUnsignedShort(10));
        assertEquals(4, p.getUnsignedShort(12));
        assertEquals(ElementMap.FIRST_DRIVE, p.getUnsignedShort(18));
        assertEquals(2, p.getUnsignedShort(20));
        assertEquals(SenseKey.ILLEGAL_REQUEST, run(device("lib0"), new FakeDeviceTask(0x28, 0, 0, 0, 0, 0, 0, 0, 1, 0)).sense().key());
        assertEquals(0x20, run(device("lib0_drive0"), new FakeDeviceTask(0x28, 0, 0, 0, 0, 0, 0, 0, 1, 0)).sense().asc());
    }

    @Test
    void tapeModeSelectSetsTheBlockLengthAndSenseShowsIt() throws Exception {
        move(ElementMap.FIRST_SLOT, ElementMap.FIRST_DRIVE);
        ScsiDevice drive = device("lib0_drive0");
        byte[] select = {0, 0, 0x10, 8, 0, 0, 0, 0, 0, 0, 0x01, 0x00};
        assertEquals(ScsiStatus.GOOD, run(drive, new FakeDeviceTask(0x15, 0x10, 0, 0, 12, 0).dataOut(select)).status());
        // page 0, as Linux's st asks: the header and the block descriptor alone
        ByteBuf m0 = run(drive, new FakeDeviceTask(0x1A, 0, 0, 0, 12, 0)).data();
        assertEquals(11, m0.getByte(0));
        assertEquals(256, m0.getUnsignedMedium(9));
        FakeDeviceTask ms = run(drive, new FakeDeviceTask(0x1A, 0, 0x3F, 0, 0xFF, 0));
        ByteBuf m = ms.data();
        assertEquals(8, m.getByte(3));
        assertEquals(TapePages.DENSITY, m.getUnsignedByte(4));
        assertEquals(256, m.getUnsignedMedium(9));
        assertEquals(0x10, m.getByte(2) & 0x70, "buffered mode 1");
        FakeDeviceTask bl = run(drive, new FakeDeviceTask(0x05, 0, 0, 0, 0, 0));
        assertEquals(0xFFFFFF, bl.data().getUnsignedMedium(1), "the full 24-bit maximum");
        // fixed WRITE of 2 blocks of 256, then a fixed READ of 3 hits EOD with residue 1
        assertEquals(ScsiStatus.GOOD, run(drive, new FakeDeviceTask(0x0A, 1, 0, 0, 2, 0).dataOut(new byte[512])).status());
        run(drive, new FakeDeviceTask(0x01, 0, 0, 0, 0, 0));
        FakeDeviceTask r = run(drive, new FakeDeviceTask(0x08, 1, 0, 0, 3, 0));
        assertEquals(SenseKey.BLANK_CHECK, r.sense().key());
        assertEquals(1, r.sense().information());
        assertEquals(512, r.data().readableBytes());
        FakeDeviceTask log = run(drive, new FakeDeviceTask(0x4D, 0, 0x40 | 0x2E, 0, 0, 0, 0, 0x10, 0, 0));
        assertEquals(0x2E, log.data().getByte(0));
        assertEquals(64 * 5, log.data().getUnsignedShort(2));
        FakeDeviceTask density = run(drive, new FakeDeviceTask(0x44, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0));
        assertEquals(TapePages.DENSITY, density.data().getUnsignedByte(4));
    }
}
