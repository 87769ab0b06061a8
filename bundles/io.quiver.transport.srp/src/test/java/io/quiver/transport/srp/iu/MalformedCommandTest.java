package io.quiver.transport.srp.iu;

import static io.quiver.transport.srp.iu.CommandIuTest.CMD_DIRECT_IN;
import static io.quiver.transport.srp.iu.CommandIuTest.CMD_IMMEDIATE;
import static io.quiver.transport.srp.iu.CommandIuTest.CMD_INDIRECT_OUT;
import static io.quiver.transport.srp.iu.Frames.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Broken SRP_CMDs: each names its field and deserves an SRP_RSP (or, without a tag, SRP_T_LOGOUT). */
class MalformedCommandTest {

    private static SrpProtocolException refused(String hex, int immediateOffset) {
        return assertThrows(SrpProtocolException.class, () -> CommandIu.decode(hex(hex), immediateOffset));
    }

    private static String set(String frame, int offset, String bytes) {
        return frame.substring(0, 2 * offset) + bytes + frame.substring(2 * offset + bytes.length());
    }

    private static void assertField(String field, SrpProtocolException e) {
        assertEquals(field, e.field(), e.getMessage());
        assertEquals(SrpProtocolException.Reply.RESPONSE, e.reply());
        assertEquals(SrpResponseCode.INVALID_FIELDS, e.responseCode());
        assertTrue(e.isCommand());
        assertEquals(0x0102030405060708L, e.tag());
    }

    @Test
    void everyTruncationIsRefusedWithoutRuntimeErrors() {
        for (String frame : new String[] {CMD_DIRECT_IN, CMD_INDIRECT_OUT, CMD_IMMEDIATE}) {
            for (int n = 0; n < frame.length() / 2; n++) {
                var e = refused(frame.substring(0, 2 * n), 68);
                assertEquals(n < 16 ? SrpProtocolException.Reply.TARGET_LOGOUT : SrpProtocolException.Reply.RESPONSE,
                        e.reply(), "truncated at " + n);
            }
        }
    }

    @Test
    void trailingBytesAreRefused() {
        assertField("IU length", refused(CMD_DIRECT_IN + "00", 0));
        assertField("IU length", refused(CMD_IMMEDIATE + "00", 68));
    }

    @Test
    void reservedCodesAreRefused() {
        assertField("TASK ATTRIBUTE", refused(set(CMD_DIRECT_IN, 29, "03"), 0));
        assertField("TASK ATTRIBUTE", refused(set(CMD_DIRECT_IN, 29, "08"), 0));
        assertField("ADDITIONAL CDB LENGTH", refused(set(CMD_DIRECT_IN, 31, "01"), 0));
        assertField("DATA-IN BUFFER DESCRIPTOR FORMAT", refused(set(CMD_DIRECT_IN, 5, "04"), 0));
        assertField("DATA-OUT BUFFER DESCRIPTOR FORMAT", refused(set(CMD_DIRECT_IN, 5, "41"), 0));
        assertField("DATA-IN BUFFER DESCRIPTOR FORMAT", refused(set(CMD_DIRECT_IN, 5, "03"), 68));
    }

    @Test
    void countsMustMatchTheDescriptors() {
        assertField("DATA-IN BUFFER DESCRIPTOR COUNT", refused(set(CMD_DIRECT_IN, 7, "02"), 0));
        assertField("DATA-OUT BUFFER DESCRIPTOR COUNT", refused(set(CMD_DIRECT_IN, 6, "01"), 0));
        // the table says 3 descriptors, the IU holds 2: the third would have to be fetched
        SrpProtocolException external = refused(set(CMD_INDIRECT_OUT, 60, "00000030"), 0);
        assertField("DATA-OUT BUFFER DESCRIPTOR COUNT", external);
        assertTrue(external.getMessage().contains("not fetched"));
        assertField("DATA-OUT descriptor table DATA LENGTH", refused(set(CMD_INDIRECT_OUT, 60, "00000021"), 0));
        assertField("DATA-OUT TOTAL LENGTH", refused(set(CMD_INDIRECT_OUT, 64, "00003001"), 0));
        assertField("DATA-OUT BUFFER DESCRIPTOR COUNT", refused(set(CMD_INDIRECT_OUT, 6, "00"), 0));
        assertField("IU length", refused(set(CMD_INDIRECT_OUT, 6, "03"), 0));
    }

    @Test
    void immediateDataIsCheckedAgainstTheLogin() {
        assertField("DATA-OUT BUFFER DESCRIPTOR FORMAT", refused(CMD_IMMEDIATE, 0));
        assertField("immediate DATA LENGTH", refused(set(CMD_IMMEDIATE, 48, "00000201"), 68));
        assertField("immediate DATA LENGTH", refused(set(CMD_IMMEDIATE, 48, "00000000"), 68));
        assertField("ADDITIONAL CDB LENGTH", refused(CMD_IMMEDIATE, 50));
        assertField("IU length", refused(CMD_IMMEDIATE, 64));
        assertField("DATA-OUT BUFFER DESCRIPTOR COUNT", refused(set(CMD_IMMEDIATE, 6, "01"), 68));
    }

    @Test
    void randomCorruptionNeverEscapesAsARuntimeError() {
        Random random = new Random(19);
        for (String frame : new String[] {CMD_DIRECT_IN, CMD_INDIRECT_OUT, CMD_IMMEDIATE}) {
            for (int round = 0; round < 20_000; round++) {
                ByteBuf iu = hex(frame);
                for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
                    int at = random.nextInt(iu.readableBytes());
                    iu.setByte(at, random.nextInt(256));
                }
                try {
                    CommandIu cmd = CommandIu.decode(iu, 68);
                    assertTrue(cmd.encodedLength() == iu.readableBytes());
                } catch (SrpProtocolException expected) {
                    // a refusal with a field is the only acceptable failure
                }
            }
        }
    }
}
