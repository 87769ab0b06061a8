package io.quiver.transport.srp.iu;

import static io.quiver.transport.srp.iu.Frames.INITIATOR;
import static io.quiver.transport.srp.iu.Frames.INITIATOR_ID;
import static io.quiver.transport.srp.iu.Frames.TAG;
import static io.quiver.transport.srp.iu.Frames.TARGET;
import static io.quiver.transport.srp.iu.Frames.TARGET_ID;
import static io.quiver.transport.srp.iu.Frames.encode;
import static io.quiver.transport.srp.iu.Frames.hex;
import static io.quiver.transport.srp.iu.Frames.plain;
import static io.quiver.transport.srp.iu.Frames.zeros;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Login IUs against the layouts of struct srp_login_req, srp_login_req_rdma, srp_login_rsp and srp_login_rej. */
class LoginIuTest {

    /** struct srp_login_req as ib_srp fills it: it_iu_len 8260, direct+indirect, MULTI + immediate at 68. */
    static final String LOGIN_REQ = "00" + zeros(7) + TAG + "00002044" + zeros(4) + "0006" + "81" + "00" + "0044"
            + zeros(2) + INITIATOR + TARGET;
    /** struct srp_login_req_rdma with the same values. */
    static final String LOGIN_REQ_RDMA = TAG + "0006" + "81" + "00" + "00002044" + INITIATOR + TARGET + "0044"
            + zeros(6);
    static final LoginRequest REQUEST = new LoginRequest(0x0102030405060708L, 8260, 6, 0x81, 68, INITIATOR_ID,
            TARGET_ID);

    @Test
    void loginRequestIs64BytesAndRoundTrips() throws Exception {
        assertEquals(128, LOGIN_REQ.length());
        assertEquals(REQUEST, LoginRequest.decode(hex(LOGIN_REQ)));
        assertEquals(LOGIN_REQ, encode(REQUEST));
        assertEquals(Srp.MULTICHANNEL_MULTI, REQUEST.multiChannelAction());
        assertTrue(REQUEST.immediateDataRequested());
    }

    @Test
    void rdmaCmLoginIs56BytesAndRoundTrips() throws Exception {
        assertEquals(112, LOGIN_REQ_RDMA.length());
        assertEquals(REQUEST, LoginRequest.decodeRdmaCm(hex(LOGIN_REQ_RDMA)));
        var out = Unpooled.buffer();
        REQUEST.encodeRdmaCm(out);
        assertEquals(LOGIN_REQ_RDMA, io.netty.buffer.ByteBufUtil.hexDump(out));
    }

    @Test
    void rdmaCmPrivateDataPaddedByTheCmIsAccepted() throws Exception {
        assertEquals(REQUEST, LoginRequest.decodeRdmaCm(hex(LOGIN_REQ_RDMA + zeros(36))));
    }

    @Test
    void truncatedOrMistypedLoginsAreRejectedUnableToEstablish() {
        for (int n = 0; n < 64; n++) {
            int len = n;
            var e = assertThrows(SrpProtocolException.class, () -> LoginRequest.decode(hex(LOGIN_REQ.substring(0, 2 * len))));
            assertEquals(LoginRejectReason.UNABLE_TO_ESTABLISH_CHANNEL, e.rejectReason());
        }
        for (int n = 0; n < 56; n++) {
            int len = n;
            assertThrows(SrpProtocolException.class, () -> LoginRequest.decodeRdmaCm(hex(LOGIN_REQ_RDMA.substring(0, 2 * len))));
        }
        var e = assertThrows(SrpProtocolException.class, () -> LoginRequest.decode(hex("02" + LOGIN_REQ.substring(2))));
        assertEquals("IU TYPE", e.field());
        assertEquals(0x0102030405060708L, e.tag());
        var cm = assertThrows(SrpProtocolException.class,
                () -> LoginRequest.decodeRdmaCm(hex(LOGIN_REQ_RDMA.substring(0, 22) + "02" + LOGIN_REQ_RDMA.substring(24))));
        assertEquals(LoginRejectReason.UNABLE_TO_ESTABLISH_CHANNEL, cm.rejectReason());
        assertThrows(SrpProtocolException.class, () -> LoginRequest.decode(hex(LOGIN_REQ + "00")));
    }

    @Test
    void loginResponseIs52Bytes() throws Exception {
        String golden = "c0" + zeros(3) + "00000080" + TAG + "00002044" + "00000824" + "0006" + "82" + zeros(25);
        assertEquals(104, golden.length());
        LoginResponse rsp = new LoginResponse(128, 0x0102030405060708L, 8260, 2084, 6,
                Srp.LOGIN_RSP_MAINTAINED | Srp.LOGIN_RSP_IMMEDIATE_SUPPORTED);
        assertEquals(golden, encode(rsp));
        assertEquals(rsp, LoginResponse.decode(hex(golden)));
        assertTrue(rsp.immediateDataSupported());
        assertEquals(Srp.LOGIN_RSP_MAINTAINED, rsp.multiChannelResult());
        assertThrows(SrpProtocolException.class, () -> LoginResponse.decode(hex(golden.substring(0, 102))));
    }

    @ParameterizedTest
    @EnumSource(LoginRejectReason.class)
    void everyRejectReasonIs32BytesWithItsCode(LoginRejectReason reason) throws Exception {
        String golden = "c2" + zeros(3) + String.format("%08x", reason.code()) + TAG + zeros(8) + "0006" + zeros(6);
        LoginReject rej = new LoginReject(reason, 0x0102030405060708L, 6);
        assertEquals(64, golden.length());
        assertEquals(golden, encode(rej));
        assertEquals(rej, LoginReject.decode(hex(golden)));
        assertEquals(reason, LoginRejectReason.fromCode(reason.code()));
    }

    @Test
    void rejectReasonCodesAreThoseOfSrpH() {
        assertEquals(0x00010000, LoginRejectReason.UNABLE_TO_ESTABLISH_CHANNEL.code());
        assertEquals(0x00010001, LoginRejectReason.INSUFFICIENT_RESOURCES.code());
        assertEquals(0x00010002, LoginRejectReason.REQUESTED_IT_IU_LENGTH_TOO_LARGE.code());
        assertEquals(0x00010003, LoginRejectReason.UNABLE_TO_ASSOCIATE_CHANNEL.code());
        assertEquals(0x00010004, LoginRejectReason.UNSUPPORTED_DESCRIPTOR_FORMAT.code());
        assertEquals(0x00010005, LoginRejectReason.MULTICHANNEL_UNSUPPORTED.code());
        assertEquals(0x00010006, LoginRejectReason.CHANNEL_LIMIT_REACHED.code());
        assertThrows(IllegalArgumentException.class, () -> LoginRejectReason.fromCode(0x00010007));
        assertThrows(SrpProtocolException.class,
                () -> LoginReject.decode(hex("c2" + zeros(3) + "00010007" + TAG + zeros(16))));
    }

    @Test
    void portIdsAndTransportId() {
        assertEquals(plain(TARGET), TARGET_ID.toString());
        assertEquals(TARGET_ID, SrpPortId.parse("0002c903:00a0b0c0:0002c903:00a0b0c0"));
        byte[] tid = SrpTransportId.of(INITIATOR_ID);
        assertEquals("04" + zeros(7) + INITIATOR, java.util.HexFormat.of().formatHex(tid));
        assertEquals(INITIATOR_ID, SrpTransportId.parse(tid));
        tid[3] = 1;
        assertThrows(IllegalArgumentException.class, () -> SrpTransportId.parse(tid));
        assertThrows(IllegalArgumentException.class, () -> SrpTransportId.parse(new byte[23]));
    }
}
