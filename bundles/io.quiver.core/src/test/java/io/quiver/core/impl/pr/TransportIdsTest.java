package io.quiver.core.impl.pr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

/** iSCSI TransportIDs (SPC-4 7.6.4.6) and the generic 24-byte ones. */
class TransportIdsTest {

    @Test
    void iscsiFormatsCompareByNameAcrossFormats() {
        byte[] port1 = TransportIds.iscsi("iqn.2026-01.test:a", "23d000000001");
        byte[] port2 = TransportIds.iscsi("iqn.2026-01.test:a", "23d000000002");
        byte[] device = TransportIds.iscsi("IQN.2026-01.TEST:A", null);
        assertTrue(TransportIds.sameInitiator(port1, port1.clone()));
        assertFalse(TransportIds.sameInitiator(port1, port2), "different ISIDs are different ports");
        assertTrue(TransportIds.sameInitiator(device, port1), "format 00b names every port");
        assertTrue(TransportIds.sameInitiator(port2, device));
        assertFalse(TransportIds.sameInitiator(device, TransportIds.iscsi("iqn.2026-01.test:b", null)));
        assertEquals("iqn.2026-01.test:a", TransportIds.iscsiName(port1));
        assertEquals(0x45, port1[0] & 0xFF);
        assertEquals(0, (port1.length - 4) % 4);
    }

    @Test
    void lengthValidation() {
        byte[] tid = TransportIds.iscsi("iqn.2026-01.test:a", null);
        ByteBuf buf = Unpooled.wrappedBuffer(tid);
        assertEquals(tid.length, TransportIds.lengthAt(buf, 0, tid.length));
        assertEquals(-1, TransportIds.lengthAt(buf, 0, tid.length - 4), "does not fit");
        byte[] noNul = tid.clone();
        for (int i = 4; i < noNul.length; i++) {
            noNul[i] = 'x';
        }
        assertEquals(-1, TransportIds.lengthAt(Unpooled.wrappedBuffer(noNul), 0, noNul.length), "unterminated");
        byte[] portWithoutIsid = tid.clone();
        portWithoutIsid[0] = 0x45;
        assertEquals(-1, TransportIds.lengthAt(Unpooled.wrappedBuffer(portWithoutIsid), 0, tid.length));
        byte[] fc = new byte[24];
        fc[8] = 0x21;
        assertEquals(24, TransportIds.lengthAt(Unpooled.wrappedBuffer(fc), 0, 24));
        assertTrue(TransportIds.sameInitiator(fc, fc.clone()));
        assertFalse(TransportIds.sameInitiator(fc, tid));
    }
}
