package io.quiver.core.impl.alua;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.quiver.core.impl.pr.FakeTask;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Per-state command filtering, SPC-4 5.15.2.4.4-5.15.2.4.7. */
class StateFilterTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        // command,  AO/ANO, standby, unavailable, transitioning, offline
        "READ10,     true, false, false, false, false",
        "WRITE10,    true, false, false, false, false",
        "TUR,        true, false, false, false, false",
        "INQUIRY,    true, true,  true,  true,  true",
        "REPORTLUNS, true, true,  true,  true,  true",
        "REQSENSE,   true, true,  true,  true,  true",
        "RTPG,       true, true,  true,  true,  false",
        "STPG,       true, true,  true,  false, false",
        "MODESENSE,  true, true,  false, false, false",
        "LOGSENSE,   true, true,  false, false, false",
        "PRIN,       true, true,  false, false, false",
        "READCAP16,  true, true,  false, false, false",
        "ECHOBUF,    true, true,  true,  true,  false",
    })
    void allowed(String command, boolean active, boolean standby, boolean unavailable, boolean transitioning,
            boolean offline) {
        ByteBuf cdb = Unpooled.wrappedBuffer(cdb(command));
        assertEquals(active, StateFilter.allows(AccessState.ACTIVE_OPTIMIZED, cdb));
        assertEquals(active, StateFilter.allows(AccessState.ACTIVE_NONOPTIMIZED, cdb));
        assertEquals(standby, StateFilter.allows(AccessState.STANDBY, cdb), "standby");
        assertEquals(unavailable, StateFilter.allows(AccessState.UNAVAILABLE, cdb), "unavailable");
        assertEquals(transitioning, StateFilter.allows(AccessState.TRANSITIONING, cdb), "transitioning");
        assertEquals(offline, StateFilter.allows(AccessState.OFFLINE, cdb), "offline");
    }

    private static byte[] cdb(String command) {
        switch (command) {
            case "READ10": return FakeTask.bytes(0x28, 0, 0, 0, 0, 0, 0, 0, 1, 0);
            case "WRITE10": return FakeTask.bytes(0x2A, 0, 0, 0, 0, 0, 0, 0, 1, 0);
            case "TUR": return FakeTask.bytes(0, 0, 0, 0, 0, 0);
            case "INQUIRY": return FakeTask.bytes(0x12, 0, 0, 0, 0x24, 0);
            case "REPORTLUNS": return FakeTask.bytes(0xA0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0);
            case "REQSENSE": return FakeTask.bytes(0x03, 0, 0, 0, 18, 0);
            case "RTPG": return FakeTask.bytes(0xA3, 0x0A, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0);
            case "STPG": return FakeTask.bytes(0xA4, 0x0A, 0, 0, 0, 0, 0, 0, 0, 8, 0, 0);
            case "MODESENSE": return FakeTask.bytes(0x1A, 0, 0x3F, 0, 0xFF, 0);
            case "LOGSENSE": return FakeTask.bytes(0x4D, 0, 0x40, 0, 0, 0, 0, 0x10, 0, 0);
            case "PRIN": return FakeTask.bytes(0x5E, 0, 0, 0, 0, 0, 0, 0, 8, 0);
            case "READCAP16": return FakeTask.bytes(0x9E, 0x10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 32, 0, 0);
            case "ECHOBUF": return FakeTask.bytes(0x3C, 0x0A, 0, 0, 0, 0, 0, 0, 4, 0);
            default: throw new IllegalArgumentException(command);
        }
    }
}
