package io.quiver.transport.srp.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quiver.transport.srp.iu.LoginRejectReason;
import io.quiver.transport.srp.iu.LoginRequest;
import io.quiver.transport.srp.iu.Srp;
import io.quiver.transport.srp.iu.SrpPortId;
import io.quiver.transport.srp.iu.SrpProtocolException;
import io.quiver.transport.srp.iu.SrpTransportId;
import io.quiver.transport.srp.iu.TargetLogout;
import io.quiver.transport.srp.iu.TargetLogoutReason;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Login validation: one test per SRP_LOGIN_REJ reason, multi-channel actions and immediate data. */
class LoginTest {

    static final SrpPortId TARGET = SrpPortId.target(0x0002c90300a0b0c0L, 0x0002c90300a0b0c1L);
    static final SrpPortId INITIATOR = new SrpPortId(0, 0x0002c903000f1234L);

    final FakeCore core = new FakeCore();
    SrpTargetPort port = new SrpTargetPort(core, ChannelLimits.defaults(TARGET), 16);

    static LoginRequest login(int itIu, int formats, int flags, int immOffset, SrpPortId initiator, SrpPortId target) {
        return new LoginRequest(0x55, itIu, formats, flags, immOffset, initiator, target);
    }

    static LoginRequest linux(int flags) {
        return login(8260, Srp.BUFFER_FORMAT_DIRECT | Srp.BUFFER_FORMAT_INDIRECT, flags | Srp.IMMEDIATE_REQUESTED, 68,
                INITIATOR, TARGET);
    }

    private LoginRejectReason rejected(LoginRequest req) {
        SrpProtocolException e = assertThrows(SrpProtocolException.class, () -> port.login(req, new FakeWire()));
        assertEquals(SrpProtocolException.Reply.LOGIN_REJECT, e.reply());
        assertEquals(0x55, e.tag());
        return e.rejectReason();
    }

    @Test
    void linuxLoginIsAcceptedWithImmediateData() throws Exception {
        var accepted = port.login(linux(Srp.MULTICHANNEL_SINGLE), new FakeWire());
        assertEquals(128, accepted.response().requestLimitDelta());
        assertEquals(8260, accepted.response().maxItIuLength());
        assertEquals(256, accepted.response().maxTiIuLength());
        assertEquals(6, accepted.response().supportedBufferFormats());
        assertTrue(accepted.response().immediateDataSupported());
        assertEquals(Srp.LOGIN_RSP_NO_CHANNEL, accepted.response().multiChannelResult());
        assertEquals(68, accepted.channel().immediateDataOffset());
        var session = core.sessions.get(0);
        assertEquals("0x" + INITIATOR, session.initiator.name());
        assertTrue(Arrays.equals(SrpTransportId.of(INITIATOR), session.initiator.transportId()));
    }

    @Test
    void unableToEstablishChannel() {
        assertEquals(LoginRejectReason.UNABLE_TO_ESTABLISH_CHANNEL, rejected(linux(2)));
        assertEquals(LoginRejectReason.UNABLE_TO_ESTABLISH_CHANNEL, rejected(linux(3)));
        core.admitAll = false;
        assertEquals(LoginRejectReason.UNABLE_TO_ESTABLISH_CHANNEL, rejected(linux(0)));
        core.admitAll = true;
        port.disable();
        assertEquals(LoginRejectReason.UNABLE_TO_ESTABLISH_CHANNEL, rejected(linux(0)));
    }

    @Test
    void insufficientResourcesWhenEverySessionIsTaken() throws Exception {
        port = new SrpTargetPort(core, ChannelLimits.defaults(TARGET), 1);
        port.login(linux(0), new FakeWire());
        assertEquals(LoginRejectReason.INSUFFICIENT_RESOURCES,
                rejected(login(8260, 6, 0, 0, new SrpPortId(1, 2), TARGET)));
    }

    @Test
    void itIuLengthOutsideTheLimits() {
        assertEquals(LoginRejectReason.REQUESTED_IT_IU_LENGTH_TOO_LARGE, rejected(login(8261, 6, 0, 0, INITIATOR, TARGET)));
        assertEquals(LoginRejectReason.REQUESTED_IT_IU_LENGTH_TOO_LARGE, rejected(login(63, 6, 0, 0, INITIATOR, TARGET)));
        assertEquals(LoginRejectReason.REQUESTED_IT_IU_LENGTH_TOO_LARGE, rejected(login(-1, 6, 0, 0, INITIATOR, TARGET)));
    }

    @Test
    void unknownTargetPortCannotBeAssociated() {
        assertEquals(LoginRejectReason.UNABLE_TO_ASSOCIATE_CHANNEL,
                rejected(login(8260, 6, 0, 0, INITIATOR, SrpPortId.target(1, 2))));
    }

    @Test
    void unsupportedDescriptorFormat() {
        assertEquals(LoginRejectReason.UNSUPPORTED_DESCRIPTOR_FORMAT, rejected(login(8260, 0x0e, 0, 0, INITIATOR, TARGET)));
        assertEquals(LoginRejectReason.UNSUPPORTED_DESCRIPTOR_FORMAT, rejected(login(8260, 0x8000, 0, 0, INITIATOR, TARGET)));
    }

    @Test
    void multiChannelUnsupported() throws Exception {
        ChannelLimits single = new ChannelLimits(TARGET, 8260, 256, 16, false, 1, true);
        port = new SrpTargetPort(core, single, 4);
        port.login(linux(Srp.MULTICHANNEL_SINGLE), new FakeWire());
        assertEquals(LoginRejectReason.MULTICHANNEL_UNSUPPORTED, rejected(linux(Srp.MULTICHANNEL_MULTI)));
    }

    @Test
    void channelLimitReached() throws Exception {
        port = new SrpTargetPort(core, new ChannelLimits(TARGET, 8260, 256, 16, true, 2, true), 4);
        port.login(linux(Srp.MULTICHANNEL_SINGLE), new FakeWire());
        var second = port.login(linux(Srp.MULTICHANNEL_MULTI), new FakeWire());
        assertEquals(Srp.LOGIN_RSP_MAINTAINED, second.response().multiChannelResult());
        assertEquals(2, port.channels(INITIATOR));
        assertEquals(1, core.sessions.size());
        assertEquals(LoginRejectReason.CHANNEL_LIMIT_REACHED, rejected(linux(Srp.MULTICHANNEL_MULTI)));
    }

    @Test
    void singleTerminatesTheNexusChannelsWithReasonFour() throws Exception {
        FakeWire first = new FakeWire();
        first.channel = port.login(linux(Srp.MULTICHANNEL_SINGLE), first).channel();
        var again = port.login(linux(Srp.MULTICHANNEL_SINGLE), new FakeWire());
        assertEquals(Srp.LOGIN_RSP_TERMINATED, again.response().multiChannelResult());
        assertEquals(TargetLogoutReason.MULTICHANNEL_ACTION.code(), first.last(TargetLogout.class).reason());
        assertTrue(first.disconnected);
        assertTrue(core.sessions.get(0).closed);
        assertFalse(core.sessions.get(1).closed);
        assertEquals(1, port.channels(INITIATOR));
        assertEquals(1, port.sessions());
    }

    @Test
    void immediateDataIsGrantedOnlyForASaneOffset() throws Exception {
        for (int bad : new int[] {0, 48, 51, 70, 8260}) {
            var rsp = port.login(login(8260, 6, Srp.IMMEDIATE_REQUESTED, bad, new SrpPortId(7, bad), TARGET), new FakeWire());
            assertFalse(rsp.response().immediateDataSupported(), "offset " + bad);
            assertEquals(0, rsp.channel().immediateDataOffset());
        }
        var plain = port.login(login(8260, 6, 0, 68, new SrpPortId(8, 8), TARGET), new FakeWire());
        assertFalse(plain.response().immediateDataSupported());
    }
}
