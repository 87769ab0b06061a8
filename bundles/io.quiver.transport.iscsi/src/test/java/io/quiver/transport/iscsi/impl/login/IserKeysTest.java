package io.quiver.transport.iscsi.impl.login;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.UnpooledByteBufAllocator;
import io.quiver.iscsi.login.IscsiKey;
import io.quiver.iscsi.login.LoginException;
import io.quiver.iscsi.login.TextParameters;
import io.quiver.iscsi.pdu.IscsiPdu;
import io.quiver.iscsi.pdu.LoginStatus;
import io.quiver.iscsi.pdu.Opcode;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The iSER login keys (RFC 7145, 6) through the real {@link LoginNegotiation}, one Login Request going from
 * operational negotiation to full feature phase, on an iSER connection and, for contrast, on TCP, where the
 * answers must stay what they were before iSER existed.
 */
class IserKeysTest {

    private final UnpooledByteBufAllocator alloc = new UnpooledByteBufAllocator(true);

    /** What Linux's iSER initiator sends (open-iscsi with iface.transport_name = iser), plus RFC 5046's key. */
    private static final String[] ISER_OFFER = {"InitiatorName=iqn.2026-12.test:iser", "SessionType=Discovery",
        "HeaderDigest=CRC32C,None", "DataDigest=CRC32C,None", "RDMAExtensions=Yes",
        "InitiatorRecvDataSegmentLength=262144", "TargetRecvDataSegmentLength=4096",
        "MaxOutstandingUnexpectedPDUs=0", "MaxRecvDataSegmentLength=262144", "MaxOutstandingR2T=32"};

    @Test
    void iserLoginNegotiatesRdmaExtensionsAndTheRecvLengths() throws Exception {
        IserKeys iser = new IserKeys(8192, 64);
        Map<String, String> answer = login(iser, ISER_OFFER);
        assertEquals("Yes", answer.get("RDMAExtensions"));
        assertEquals("None", answer.get("HeaderDigest"));
        assertEquals("None", answer.get("DataDigest"));
        assertEquals("64", answer.get("MaxOutstandingUnexpectedPDUs"));
        assertEquals("4096", answer.get("MaxRecvDataSegmentLength"), "no larger than TargetRecvDataSegmentLength");
        assertEquals("8192", answer.get("TargetRecvDataSegmentLength"));
        assertFalse(answer.containsKey("InitiatorRecvDataSegmentLength"), "a declaration gets no answer");
        assertEquals(262144, iser.initiatorRecvDataSegmentLength());
        assertEquals(4096, iser.targetRecvDataSegmentLength());
        assertEquals(64, iser.maxOutstandingUnexpectedPdus());
    }

    @Test
    void iserLoginWithoutRdmaExtensionsFails() {
        LoginException e = assertThrows(LoginException.class, () -> login(new IserKeys(8192, 64),
                "InitiatorName=iqn.2026-12.test:iser", "SessionType=Discovery"));
        assertEquals(LoginStatus.MISSING_PARAMETER, e.status());
        LoginException no = assertThrows(LoginException.class, () -> login(new IserKeys(8192, 64),
                "InitiatorName=iqn.2026-12.test:iser", "SessionType=Discovery", "RDMAExtensions=No"));
        assertEquals(LoginStatus.MISSING_PARAMETER, no.status());
    }

    @Test
    void outOfRangeValuesAreRejected() throws Exception {
        IserKeys iser = new IserKeys(8192, 64);
        Map<String, String> answer = login(iser, "InitiatorName=iqn.2026-12.test:iser", "SessionType=Discovery",
                "RDMAExtensions=Yes", "InitiatorRecvDataSegmentLength=511", "MaxOutstandingUnexpectedPDUs=1");
        assertEquals("Reject", answer.get("InitiatorRecvDataSegmentLength"));
        assertEquals("Reject", answer.get("MaxOutstandingUnexpectedPDUs"));
        assertEquals(8192, iser.initiatorRecvDataSegmentLength(), "the default stays");
    }

    /** The target's own values on iSER: RDMA READs per task bounded, whatever the target configures above. */
    @Test
    void iserTargetValues() {
        Map<IscsiKey, String> defaults = IserKeys.targetValues(Map.of());
        assertEquals("4", defaults.get(IscsiKey.MAX_OUTSTANDING_R2T));
        assertEquals("Yes", defaults.get(IscsiKey.RDMA_EXTENSIONS));
        assertEquals("None", defaults.get(IscsiKey.HEADER_DIGEST));
        assertEquals("2", IserKeys.targetValues(Map.of(IscsiKey.MAX_OUTSTANDING_R2T, "2"))
                .get(IscsiKey.MAX_OUTSTANDING_R2T));
        assertEquals("4", IserKeys.targetValues(Map.of(IscsiKey.MAX_OUTSTANDING_R2T, "64"))
                .get(IscsiKey.MAX_OUTSTANDING_R2T));
    }

    /** Regression guard for the TCP path: iSER's keys are unknown there and RDMAExtensions is No. */
    @Test
    void tcpLoginAnswersAsBefore() throws Exception {
        Map<String, String> answer = login(null, ISER_OFFER);
        assertEquals("No", answer.get("RDMAExtensions"));
        assertEquals("CRC32C", answer.get("HeaderDigest"));
        assertEquals("262144", answer.get("MaxRecvDataSegmentLength"));
        assertEquals("NotUnderstood", answer.get("InitiatorRecvDataSegmentLength"));
        assertEquals("NotUnderstood", answer.get("TargetRecvDataSegmentLength"));
        assertEquals("NotUnderstood", answer.get("MaxOutstandingUnexpectedPDUs"));
    }

    /** One Login Request, operational stage straight to full feature phase; returns the answer's pairs. */
    private Map<String, String> login(IserKeys iser, String... pairs) throws LoginException {
        LoginNegotiation login = new LoginNegotiation(new LoginFuzzTest.Directory(), "127.0.0.1:3260", l -> 1, iser);
        IscsiPdu request = IscsiPdu.create(alloc, Opcode.LOGIN_REQUEST, 0x87,
                alloc.directBuffer().writeBytes(LoginFuzzTest.text(pairs)));
        request.bhs().setShort(8, 0x4000).setInt(10, 0x01020304).setShort(20, 1);
        try {
            IscsiPdu response = login.handle(alloc, request);
            try {
                assertTrue(login.isComplete());
                Map<String, String> answer = new LinkedHashMap<>();
                for (TextParameters.Pair p : TextParameters.decode(response.data())) {
                    answer.put(p.key(), p.value());
                }
                return answer;
            } finally {
                response.release();
            }
        } finally {
            request.release();
            login.discard();
        }
    }
}
