package io.quiver.iscsi.login;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Joining continued request text: slices for one PDU, bounded copies for several. */
class TextAssemblerTest {

    private static ByteBuf text(String s) {
        return Unpooled.directBuffer().writeBytes(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void singlePieceIsASliceAndPiecesAreJoined() {
        TextAssembler a = new TextAssembler(32);
        ByteBuf one = text("A=1\0");
        ByteBuf whole = a.add(one, false);
        assertEquals(2, one.refCnt(), "retained slice of the PDU's data, no copy");
        whole.release();
        one.release();

        ByteBuf p1 = text("Send");
        ByteBuf p2 = text("Targets=All\0");
        assertNull(a.add(p1, true));
        assertTrue(a.collecting());
        whole = a.add(p2, false);
        assertFalse(a.collecting());
        assertEquals("SendTargets=All", TextParameters.decode(whole).get(0).toString());
        whole.release();
        p1.release();
        p2.release();
    }

    @Test
    void textBeyondTheLimitIsDroppedAndReported() {
        TextAssembler a = new TextAssembler(8);
        ByteBuf p = text("ABCDEF");
        assertNull(a.add(p, true));
        assertThrows(IllegalArgumentException.class, () -> a.add(p, true));
        assertFalse(a.collecting(), "what was held is released");
        ByteBuf tooLong = text("0123456789");
        assertThrows(IllegalArgumentException.class, () -> a.add(tooLong, false));
        tooLong.release(); // the caller keeps ownership of what it adds, also when add refuses it
        p.release();
    }
}
