package io.quiver.iscsi.login;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The negotiation table: result functions, ranges, declarations, unknown and repeated keys, defaults. */
class KeyNegotiatorTest {

    private final KeyNegotiator negotiator = new KeyNegotiator(Map.of(IscsiKey.MAX_BURST_LENGTH, "65536",
            IscsiKey.INITIAL_R2T, "No", IscsiKey.HEADER_DIGEST, "None"));

    @ParameterizedTest
    @CsvSource({
        "HeaderDigest, 'CRC32C,None', None",
        "DataDigest, 'CRC32C,None', CRC32C",
        "DataDigest, 'Foo', Reject",
        "InitialR2T, Yes, Yes",
        "InitialR2T, No, No",
        "ImmediateData, Yes, Yes",
        "ImmediateData, No, No",
        "ImmediateData, maybe, Reject",
        "MaxBurstLength, 262144, 65536",
        "MaxBurstLength, 4096, 4096",
        "MaxBurstLength, 100, Reject",
        "MaxBurstLength, 16777216, Reject",
        "FirstBurstLength, 0x10000, 65536",
        "MaxConnections, 4, 1",
        "DefaultTime2Wait, 0, 2",
        "DefaultTime2Wait, 5, 5",
        "DefaultTime2Retain, 20, 0",
        "MaxOutstandingR2T, 1, 1",
        "ErrorRecoveryLevel, 2, 0",
        "DataPDUInOrder, No, Yes",
        "DataSequenceInOrder, No, Yes",
        "OFMarker, Yes, No",
        "IFMarker, No, No",
        "OFMarkInt, 2048~8192, Irrelevant",
        "iSCSIProtocolLevel, 2, 1",
        "TaskReporting, 'FastAbort,RFC3720', RFC3720",
        "RDMAExtensions, Yes, No",
        "X-com.example.Key, 1, NotUnderstood",
        "TargetAlias, foo, Reject",
    })
    void answers(String key, String offer, String answer) throws LoginException {
        assertEquals(answer, negotiator.negotiate(key, offer, new OperationalParameters()));
    }

    @Test
    void declarationsAreRecordedNotAnswered() throws LoginException {
        OperationalParameters p = new OperationalParameters();
        assertNull(negotiator.negotiate("MaxRecvDataSegmentLength", "65536", p));
        assertEquals(65536, p.initiatorMaxRecvDataSegmentLength());
        assertNull(negotiator.negotiate("InitiatorAlias", "x", p));
        assertEquals("x", p.get(IscsiKey.INITIATOR_ALIAS));
        assertEquals("Reject", new KeyNegotiator(Map.of()).negotiate("MaxRecvDataSegmentLength", "100",
                new OperationalParameters()));
    }

    @Test
    void rfcDefaultsApplyUntilNegotiated() {
        OperationalParameters p = new OperationalParameters();
        assertEquals(8192, p.initiatorMaxRecvDataSegmentLength());
        assertEquals(262144, p.maxBurstLength());
        assertEquals(65536, p.firstBurstLength());
        assertEquals(true, p.initialR2T());
        assertEquals(true, p.immediateData());
        assertEquals(1, p.maxOutstandingR2T());
        assertEquals(false, p.headerDigest());
    }

    @Test
    void firstBurstNeverExceedsMaxBurst() throws LoginException {
        OperationalParameters p = new OperationalParameters();
        negotiator.negotiate("MaxBurstLength", "8192", p);
        new KeyNegotiator(Map.of()).negotiate("FirstBurstLength", "65536", p);
        assertEquals(8192, p.firstBurstLength());
    }

    @Test
    void negotiatedKeyTwiceIsAProtocolError() throws LoginException {
        OperationalParameters p = new OperationalParameters();
        negotiator.negotiate("InitialR2T", "Yes", p);
        assertThrows(LoginException.class, () -> negotiator.negotiate("InitialR2T", "Yes", p));
    }

    @Test
    void everyKeyHasAConsistentTableEntry() {
        for (IscsiKey k : IscsiKey.values()) {
            assertEquals(k, IscsiKey.of(k.keyName()));
            if (k.type() == KeyType.NUMERIC_MIN || k.type() == KeyType.NUMERIC_MAX) {
                long def = Long.parseLong(k.rfcDefault());
                long ours = Long.parseLong(k.targetValue());
                assertEquals(true, def >= k.min() && def <= k.max(), k.keyName());
                assertEquals(true, ours >= k.min() && ours <= k.max(), k.keyName());
            }
        }
    }

    @Test
    void textFormatRoundTrips() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("TargetName", "iqn.2026-11.io.quiver:x");
        m.put("TargetAddress", "[::1]:3260,1");
        ByteBuf b = TextParameters.encode(ByteBufAllocator.DEFAULT, m);
        try {
            List<TextParameters.Pair> pairs = TextParameters.decode(b);
            assertEquals(2, pairs.size());
            assertEquals("TargetAddress", pairs.get(1).key());
            assertEquals("[::1]:3260,1", pairs.get(1).value());
            assertEquals(b.readableBytes(), "TargetName=iqn.2026-11.io.quiver:x".length() + "TargetAddress=[::1]:3260,1".length() + 2);
        } finally {
            b.release();
        }
        ByteBuf bad = ByteBufAllocator.DEFAULT.directBuffer().writeBytes("novalue\0".getBytes());
        try {
            assertThrows(IllegalArgumentException.class, () -> TextParameters.decode(bad));
        } finally {
            bad.release();
        }
    }
}
