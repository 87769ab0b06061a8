package io.quiver.transport.srp.impl;

import static io.quiver.transport.srp.impl.LoginTest.linux;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.quiver.scsi.DataDirection;
import io.quiver.scsi.ScsiStatus;
import io.quiver.scsi.SenseData;
import io.quiver.scsi.TaskAttribute;
import io.quiver.spi.target.CommandResponse;
import io.quiver.spi.target.ScsiCommand;
import io.quiver.spi.target.TaskManagementFunction;
import io.quiver.spi.target.TaskManagementResponse;
import io.quiver.spi.target.TaskManagementResult;
import io.quiver.transport.srp.iu.CommandIu;
import io.quiver.transport.srp.iu.CreditRequest;
import io.quiver.transport.srp.iu.CreditResponse;
import io.quiver.transport.srp.iu.DataBuffer;
import io.quiver.transport.srp.iu.DirectBuffer;
import io.quiver.transport.srp.iu.InitiatorLogout;
import io.quiver.transport.srp.iu.ResponseIu;
import io.quiver.transport.srp.iu.Srp;
import io.quiver.transport.srp.iu.SrpIu;
import io.quiver.transport.srp.iu.SrpResponseCode;
import io.quiver.transport.srp.iu.TargetLogout;
import io.quiver.transport.srp.iu.TargetLogoutReason;
import io.quiver.transport.srp.iu.TaskManagementIu;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The channel state machine driven through an in-memory wire and a recording core. */
class ChannelTest {

    static final ByteBuf READ10 = Unpooled.wrappedBuffer(new byte[] {0x28, 0, 0, 0, 0, 0, 0, 0, 8, 0});
    static final ByteBuf WRITE10 = Unpooled.wrappedBuffer(new byte[] {0x2a, 0, 0, 0, 0, 0, 0, 0, 8, 0});

    final FakeCore core = new FakeCore();
    final SrpTargetPort port = new SrpTargetPort(core, new ChannelLimits(LoginTest.TARGET, 8260, 256, 8, true, 4, true), 4);
    FakeWire wire;
    SrpChannel channel;
    FakeCore.FakeSession session;

    @BeforeEach
    void login() throws Exception {
        wire = new FakeWire();
        channel = port.login(linux(Srp.MULTICHANNEL_SINGLE), wire).channel();
        wire.channel = channel;
        session = core.sessions.get(0);
    }

    @AfterEach
    void release() {
        wire.releaseMemory();
    }

    private void send(SrpIu iu) {
        ByteBuf buf = PooledByteBufAllocator.DEFAULT.directBuffer();
        iu.encode(buf);
        channel.received(buf);
    }

    private ByteBuf region(int rkey, int length) {
        ByteBuf region = Unpooled.buffer(length, length).writerIndex(length);
        wire.memory.put(rkey, region);
        return region;
    }

    private static byte[] pattern(int length, long seed) {
        byte[] b = new byte[length];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** Segments of {@code sizes} bytes laid one after another in region {@code rkey}. */
    private static List<DirectBuffer> segments(int rkey, int... sizes) {
        List<DirectBuffer> list = new ArrayList<>();
        long at = FakeWire.BASE;
        for (int s : sizes) {
            list.add(new DirectBuffer(at, rkey, s));
            at += s;
        }
        return list;
    }

    @Test
    void readGoesOutByRdmaWritesBeforeTheResponse() throws Exception {
        byte[] data = pattern(3 * 4096, 1);
        ByteBuf memory = region(7, data.length);
        send(new CommandIu(false, 11, 0, TaskAttribute.SIMPLE, READ10.duplicate(), DataBuffer.none(),
                DataBuffer.indirect(0, 0, segments(7, 4096, 4096, 4096)), 0));
        ScsiCommand cmd = session.commands.take();
        assertEquals(DataDirection.IN, cmd.direction());
        assertEquals(data.length, cmd.expectedDataTransferLength());
        assertEquals(0x28, cmd.cdb().getByte(cmd.cdb().readerIndex()));
        cmd.complete(CommandResponse.good(PooledByteBufAllocator.DEFAULT.directBuffer().writeBytes(data)));
        byte[] got = new byte[data.length];
        memory.getBytes(0, got);
        assertArrayEquals(data, got);
        assertEquals(List.of("WRITE", "WRITE", "WRITE", "SEND"), wire.order);
        ResponseIu rsp = wire.last(ResponseIu.class);
        assertEquals(11, rsp.tag());
        assertEquals(1, rsp.requestLimitDelta());
        assertEquals(0, rsp.flags());
    }

    @Test
    void shortReadReportsDataInUnderflow() throws Exception {
        region(3, 4096);
        send(new CommandIu(false, 12, 0, TaskAttribute.SIMPLE, READ10.duplicate(), DataBuffer.none(),
                DataBuffer.direct(new DirectBuffer(FakeWire.BASE, 3, 4096)), 0));
        session.commands.take().complete(CommandResponse.good(PooledByteBufAllocator.DEFAULT.directBuffer().writeZero(512)));
        ResponseIu rsp = wire.last(ResponseIu.class);
        assertEquals(ResponseIu.DIUNDER, rsp.flags());
        assertEquals(4096 - 512, rsp.dataInResidual());
    }

    @Test
    void immediateWriteDataIsASliceOfTheReceivedIu() throws Exception {
        byte[] data = pattern(8192, 2);
        send(new CommandIu(false, 13, 0, TaskAttribute.SIMPLE, WRITE10.duplicate(),
                DataBuffer.immediate(Unpooled.wrappedBuffer(data)), DataBuffer.none(), 68));
        ScsiCommand cmd = session.commands.take();
        ByteBuf got = cmd.receiveDataOut(8192).toCompletableFuture().get();
        byte[] bytes = new byte[8192];
        got.getBytes(got.readerIndex(), bytes);
        got.release();
        assertArrayEquals(data, bytes);
        assertTrue(wire.order.isEmpty(), "no RDMA READ for immediate data");
        cmd.complete(CommandResponse.of(ScsiStatus.GOOD, null, false, null, 8192));
        assertEquals(0, wire.last(ResponseIu.class).flags());
        assertEquals(1, wire.last(ResponseIu.class).requestLimitDelta());
    }

    @Test
    void writeDataComesByRdmaReadsOver255Descriptors() throws Exception {
        int[] sizes = new int[255];
        java.util.Arrays.fill(sizes, 512);
        byte[] data = pattern(255 * 512, 3);
        region(9, data.length).setBytes(0, data);
        send(new CommandIu(false, 14, 0, TaskAttribute.ORDERED, WRITE10.duplicate(),
                DataBuffer.indirect(0, 0, segments(9, sizes)), DataBuffer.none(), 68));
        ScsiCommand cmd = session.commands.take();
        ByteBuf got = cmd.receiveDataOut(data.length).toCompletableFuture().get();
        assertEquals(data.length, got.readableBytes());
        byte[] bytes = new byte[data.length];
        got.getBytes(got.readerIndex(), bytes);
        got.release();
        assertArrayEquals(data, bytes);
        assertEquals(255, wire.order.size());
        cmd.complete(CommandResponse.of(ScsiStatus.GOOD, null, false, null, data.length - 512));
        ResponseIu rsp = wire.last(ResponseIu.class);
        assertEquals(ResponseIu.DOUNDER, rsp.flags());
        assertEquals(512, rsp.dataOutResidual());
    }

    @Test
    void checkConditionCarriesSense() throws Exception {
        send(new CommandIu(false, 15, 0, TaskAttribute.SIMPLE, READ10.duplicate(), DataBuffer.none(), DataBuffer.none(), 0));
        session.commands.take().complete(CommandResponse.checkCondition(SenseData.invalidOpcode(), false));
        ResponseIu rsp = wire.last(ResponseIu.class);
        assertEquals(ScsiStatus.CHECK_CONDITION.code(), rsp.status());
        assertEquals(ResponseIu.SNSVALID, rsp.flags());
        assertEquals(0x20, rsp.sense().getUnsignedByte(rsp.sense().readerIndex() + 12));
    }

    @Test
    void malformedCommandGetsCheckConditionAndItsCreditBack() throws Exception {
        ByteBuf bad = PooledByteBufAllocator.DEFAULT.directBuffer();
        new CommandIu(false, 16, 0, TaskAttribute.SIMPLE, READ10.duplicate(), DataBuffer.none(), DataBuffer.none(), 0)
                .encode(bad);
        bad.setByte(29, 3); // reserved task attribute
        channel.received(bad);
        ResponseIu rsp = wire.last(ResponseIu.class);
        assertEquals(16, rsp.tag());
        assertEquals(ScsiStatus.CHECK_CONDITION.code(), rsp.status());
        assertEquals(SrpResponseCode.INVALID_FIELDS, rsp.responseCode());
        assertEquals(1, rsp.requestLimitDelta());
        assertTrue(session.commands.isEmpty());
        assertTrue(channel.isOpen());
        assertEquals(8, channel.creditState()[0]);
    }

    @Test
    void abortedCommandsPileCreditsUpUntilACreditRequest() throws Exception {
        for (int k = 0; k < 3; k++) {
            send(new CommandIu(false, 20 + k, 0, TaskAttribute.SIMPLE, READ10.duplicate(), DataBuffer.none(),
                    DataBuffer.none(), 0));
        }
        assertEquals(5, channel.creditState()[0]);
        session.commands.take().complete(CommandResponse.aborted());
        assertTrue(wire.received.isEmpty(), "one owed credit and two requests in flight: wait for a response");
        session.commands.take().complete(CommandResponse.aborted());
        // threshold is 8 / 4 = 2 owed credits: SRP_CRED_REQ
        CreditRequest cred = wire.last(CreditRequest.class);
        assertEquals(2, cred.requestLimitDelta());
        session.commands.take().complete(CommandResponse.aborted());
        assertEquals(1, wire.received.size(), "one target request at a time");
        send(new CreditResponse(cred.tag()));
        CreditRequest second = wire.last(CreditRequest.class);
        assertEquals(1, second.requestLimitDelta());
        send(new CreditResponse(second.tag()));
        assertArrayEquals(new int[] {8, 0, 0}, channel.creditState());
    }

    @Test
    void responseReturnsPiledCredits() throws Exception {
        for (int k = 0; k < 2; k++) {
            send(new CommandIu(false, 30 + k, 0, TaskAttribute.SIMPLE, READ10.duplicate(), DataBuffer.none(),
                    DataBuffer.none(), 0));
        }
        session.commands.take().complete(CommandResponse.aborted());
        session.commands.take().complete(CommandResponse.good(null));
        assertEquals(2, wire.last(ResponseIu.class).requestLimitDelta());
        assertArrayEquals(new int[] {8, 0, 0}, channel.creditState());
    }

    @Test
    void overrunningTheRequestLimitLogsOut() throws Exception {
        for (int k = 0; k < 9; k++) {
            send(new CommandIu(false, 40 + k, 0, TaskAttribute.SIMPLE, READ10.duplicate(), DataBuffer.none(),
                    DataBuffer.none(), 0));
        }
        assertEquals(8, session.commands.size());
        assertEquals(TargetLogoutReason.NO_REASON.code(), wire.last(TargetLogout.class).reason());
        assertTrue(wire.disconnected);
        assertFalse(channel.isOpen());
        assertTrue(session.closed);
        session.commands.forEach(c -> c.complete(CommandResponse.aborted()));
    }

    @Test
    void unexpectedCreditResponseLogsOut() {
        send(new CreditResponse(99));
        assertEquals(TargetLogoutReason.UNEXPECTED_RESPONSE.code(), wire.last(TargetLogout.class).reason());
    }

    @Test
    void unknownIuTypeLogsOut() {
        channel.received(PooledByteBufAllocator.DEFAULT.directBuffer().writeByte(Srp.RSP).writeZero(35));
        assertEquals(TargetLogoutReason.INVALID_IU_TYPE.code(), wire.last(TargetLogout.class).reason());
    }

    @Test
    void taskManagementMapsOntoTheCoresFunctions() throws Exception {
        int[] codes = {TaskManagementIu.ABORT_TASK, TaskManagementIu.ABORT_TASK_SET, TaskManagementIu.CLEAR_TASK_SET,
                TaskManagementIu.LUN_RESET, TaskManagementIu.CLEAR_ACA};
        TaskManagementFunction[] functions = {TaskManagementFunction.ABORT_TASK, TaskManagementFunction.ABORT_TASK_SET,
                TaskManagementFunction.CLEAR_TASK_SET, TaskManagementFunction.LOGICAL_UNIT_RESET,
                TaskManagementFunction.CLEAR_ACA};
        TaskManagementResponse[] outcomes = {TaskManagementResponse.TASK_DOES_NOT_EXIST,
                TaskManagementResponse.FUNCTION_COMPLETE, TaskManagementResponse.FUNCTION_REJECTED,
                TaskManagementResponse.INCORRECT_LOGICAL_UNIT_NUMBER, TaskManagementResponse.FUNCTION_COMPLETE};
        SrpResponseCode[] expected = {SrpResponseCode.COMPLETE, SrpResponseCode.COMPLETE,
                SrpResponseCode.FUNCTION_NOT_SUPPORTED, SrpResponseCode.FUNCTION_FAILED, SrpResponseCode.COMPLETE};
        for (int k = 0; k < codes.length; k++) {
            send(new TaskManagementIu(false, 50 + k, 0x0001000000000000L, codes[k], 77));
            var req = session.tmfs.take();
            assertEquals(functions[k], req.function());
            assertEquals(0x0001000000000000L, req.lun());
            assertEquals(77, req.referencedTag());
            req.complete(TaskManagementResult.of(outcomes[k]));
            ResponseIu rsp = wire.last(ResponseIu.class);
            assertEquals(50 + k, rsp.tag());
            assertEquals(expected[k], rsp.responseCode());
            assertEquals(1, rsp.requestLimitDelta());
        }
        send(new TaskManagementIu(false, 60, 0, 0x80, 0));
        assertEquals(SrpResponseCode.FUNCTION_NOT_SUPPORTED, wire.last(ResponseIu.class).responseCode());
        assertTrue(session.tmfs.isEmpty());
    }

    @Test
    void initiatorLogoutEndsTheChannelAndTheNexus() {
        send(new InitiatorLogout(1));
        assertTrue(wire.disconnected);
        assertFalse(channel.isOpen());
        assertTrue(session.closed);
        assertEquals(0, port.sessions());
    }

    @Test
    void coreClosingTheSessionLogsEveryChannelOut() throws Exception {
        FakeWire second = new FakeWire();
        second.channel = port.login(linux(Srp.MULTICHANNEL_MULTI), second).channel();
        session.transport.close("target disabled");
        assertTrue(wire.disconnected && second.disconnected);
        assertEquals(TargetLogoutReason.NO_REASON.code(), second.last(TargetLogout.class).reason());
        assertTrue(session.closed);
    }

    @Test
    void nothingIsSentAfterTheChannelWentDown() throws Exception {
        send(new CommandIu(false, 70, 0, TaskAttribute.SIMPLE, READ10.duplicate(), DataBuffer.none(), DataBuffer.none(), 0));
        ScsiCommand cmd = session.commands.take();
        channel.disconnected();
        cmd.complete(CommandResponse.good(null));
        assertTrue(wire.received.isEmpty());
    }
}
