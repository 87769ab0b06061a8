package io.quiver.transport.iscsi.impl.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.quiver.iscsi.codec.PduDecoder;
import io.quiver.iscsi.codec.PduEncoder;
import io.quiver.transport.iscsi.impl.config.IscsiTargetDriver;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The C bit through the whole pipeline on an {@link EmbeddedChannel}, with the input cut into 5-byte
 * fragments: a login whose keys are split across three requests, then a Text request split across two.
 */
class ContinuedTextEmbeddedTest {

    private static final String IQN = "iqn.2026-11.io.quiver:embedded";

    private static byte[] frame(int opcode, int flags, int itt, int ttt, int cmdSn, String text) {
        byte[] data = text.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(48 + ((data.length + 3) & ~3));
        b.put(0, (byte) opcode).put(1, (byte) flags);
        b.put(5, (byte) (data.length >> 16)).put(6, (byte) (data.length >> 8)).put(7, (byte) data.length);
        b.putShort(8, (short) 0x4000).putInt(16, itt).putInt(20, ttt).putInt(24, cmdSn);
        b.position(48);
        b.put(data);
        return b.array();
    }

    private static void feedInFragments(EmbeddedChannel ch, byte[] bytes) {
        for (int i = 0; i < bytes.length; i += 5) {
            ch.writeInbound(Unpooled.copiedBuffer(bytes, i, Math.min(5, bytes.length - i)));
        }
    }

    /** Every PDU written so far, as BHS + data arrays (no digests on this connection). */
    private static List<RawInitiator.Pdu> responses(EmbeddedChannel ch) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        ByteBuf b;
        while ((b = ch.readOutbound()) != null) {
            byte[] part = new byte[b.readableBytes()];
            b.readBytes(part);
            b.release();
            all.writeBytes(part);
        }
        ByteBuffer in = ByteBuffer.wrap(all.toByteArray());
        List<RawInitiator.Pdu> pdus = new ArrayList<>();
        while (in.remaining() >= 48) {
            byte[] bhs = new byte[48];
            in.get(bhs);
            int length = ((bhs[5] & 0xFF) << 16) | ((bhs[6] & 0xFF) << 8) | (bhs[7] & 0xFF);
            byte[] data = new byte[length];
            in.get(data);
            in.position(in.position() + ((4 - (length & 3)) & 3));
            pdus.add(new RawInitiator.Pdu(bhs, data));
        }
        return pdus;
    }

    @Test
    void continuedLoginAndTextThroughFragmentedInput() throws Exception {
        RamdiskCore core = new RamdiskCore(8);
        IscsiTargetDriver driver = new IscsiTargetDriver();
        driver.putTarget(new IscsiTarget(IQN, null, 1, List.of(), null, Map.of(), 32, List.of(), false,
                core.registerTarget(driver, IQN, 0), null));
        EmbeddedChannel ch = new EmbeddedChannel(new PduDecoder(), new PduEncoder(),
                new TcpWire(driver.registry(), new ConnectionSettings(15, 0, 5, 2)));
        try {
            feedInFragments(ch, frame(0x43, 0x40 | (1 << 2), 1, 0, 7, "InitiatorName=iqn.x:em"));
            feedInFragments(ch, frame(0x43, 0x40 | (1 << 2), 1, 0, 7, "bedded\0TargetName=" + IQN.substring(0, 10)));
            feedInFragments(ch, frame(0x43, 0x80 | (1 << 2) | 3, 1, 0, 7, IQN.substring(10) + "\0"));
            List<RawInitiator.Pdu> login = responses(ch);
            assertEquals(3, login.size());
            assertEquals(1 << 2, login.get(0).flags(), "empty answer to a continued request");
            assertEquals(0, login.get(1).data.length);
            assertEquals(0, login.get(2).shortAt36());
            assertEquals(0x80 | (1 << 2) | 3, login.get(2).flags());
            assertEquals("iqn.x:embedded", core.logins.get(0).name());

            feedInFragments(ch, frame(0x04, 0x40, 2, -1, 7, "X-com.example.Sp"));
            RawInitiator.Pdu more = responses(ch).get(0);
            assertEquals(0, more.flags());
            assertNotEquals(-1, more.intAt(20));
            feedInFragments(ch, frame(0x04, 0x80, 2, more.intAt(20), 8, "lit=1\0"));
            RawInitiator.Pdu answer = responses(ch).get(0);
            assertEquals(0x80, answer.flags());
            assertEquals("NotUnderstood", answer.keys().get("X-com.example.Split"));
        } finally {
            ch.finishAndReleaseAll();
            core.release();
        }
    }
}
