package io.quiver.handler.passthrough.impl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading the real device's VPD 80h and 83h: only LU designators are kept (the core adds its port ones). */
class BackendIdentityTest {

    @Test
    void keepsLogicalUnitDesignatorsAndDropsPortAndTargetOnes() {
        byte[] naa = {1, 3, 0, 8, 0x60, 1, 2, 3, 4, 5, 6, 7};
        byte[] relativePort = {0x61, 0x14, 0, 4, 0, 0, 0, 1};
        byte[] targetName = {0x53, (byte) 0xA8, 0, 4, 'i', 'q', 'n', 0};
        byte[] page = new byte[4 + naa.length + relativePort.length + targetName.length];
        page[1] = (byte) 0x83;
        page[3] = (byte) (page.length - 4);
        System.arraycopy(naa, 0, page, 4, naa.length);
        System.arraycopy(relativePort, 0, page, 4 + naa.length, relativePort.length);
        System.arraycopy(targetName, 0, page, 4 + naa.length + relativePort.length, targetName.length);
        List<byte[]> kept = BackendIdentity.designators(page);
        assertEquals(1, kept.size());
        assertArrayEquals(naa, kept.get(0));
        // A descriptor that runs past the page is not taken.
        page[3] = (byte) (naa.length - 1);
        assertEquals(0, BackendIdentity.designators(page).size());
        assertEquals(0, BackendIdentity.designators(null).size());
    }

    @Test
    void unitSerialNumberIsTrimmedAndAbsentWhenBlank() {
        assertEquals("beaf11", BackendIdentity.serial(new byte[] {0, (byte) 0x80, 0, 8, 'b', 'e', 'a', 'f', '1', '1', ' ', ' '}));
        assertNull(BackendIdentity.serial(new byte[] {0, (byte) 0x80, 0, 2, ' ', ' '}));
        assertNull(BackendIdentity.serial(null));
        assertEquals("ab", BackendIdentity.serial(new byte[] {0, (byte) 0x80, 0, 4, 'a', 'b', 0, 0}));
        assertNull(BackendIdentity.serial(new byte[] {0, (byte) 0x80, 0, 3, 'a', 0x1F, 'b'}), "not printable: not kept");
    }
}
