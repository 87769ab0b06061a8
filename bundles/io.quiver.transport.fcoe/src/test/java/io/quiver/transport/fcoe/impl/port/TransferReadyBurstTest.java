package io.quiver.transport.fcoe.impl.port;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.quiver.scsi.ScsiStatus;
import io.quiver.spi.target.CommandResponse;
import io.quiver.transport.fcoe.impl.frame.FcHeader;
import io.quiver.transport.fcoe.impl.frame.FcoeCodec;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Data-out in bursts (FCP-4 9.3/9.4): each FCP_XFER_RDY (R_CTL 05h, F_CTL 89 00 00 — exchange responder, end
 * of sequence, sequence initiative passed on; payload FCP_DATA_RO, FCP_BURST_LEN, reserved) asks for at most
 * the maximum burst size at the next relative offset, and only once the burst before is all in; data past a
 * burst's end fails the command (FCP-4 error handling).
 */
class TransferReadyBurstTest {

    static final byte[] DATA = new byte[10000];

    static {
        for (int i = 0; i < DATA.length; i++) {
            DATA[i] = (byte) (i * 7);
        }
    }

    TestInitiator initiator;

    @AfterEach
    void release() {
        initiator.close();
    }

    /** The FC header and payload of the last frame the target sent, in hex. */
    private String lastFrame() {
        ByteBuf f = initiator.sent.getLast();
        return ByteBufUtil.hexDump(f, f.readerIndex() + FcoeCodec.ETHERNET_HEADER + FcoeCodec.FCOE_HEADER, 36);
    }

    private String transferReady(int seqId, int oxId, int offset, int burst) {
        return "05" + "000e01" + "00" + String.format("%06x", initiator.port.portId()) + "08" + "890000"
                + String.format("%02x", seqId) + "00" + "0000" + String.format("%04x", oxId) + "0001" + "00000000"
                + String.format("%08x%08x", offset, burst) + "00000000";
    }

    private void data(int oxId, int offset, int length) {
        initiator.fcp(oxId, FcHeader.R_CTL_DATA, offset, Unpooled.wrappedBuffer(DATA, offset, length));
    }

    /** A target with a 4096-byte maximum burst, logged in, and a 10 000-byte write on {@code oxId} asking for data. */
    private CompletableFuture<ByteBuf> writeWithBursts(int oxId) throws Exception {
        initiator = new TestInitiator(4096);
        initiator.login();
        return write(oxId, 10000);
    }

    private CompletableFuture<ByteBuf> write(int oxId, int length) {
        initiator.fcp(oxId, FcHeader.R_CTL_FCP_CMND, 0, TestInitiator.command(0x2A, 1, length));
        return initiator.commands.getLast().receiveDataOut(length).toCompletableFuture();
    }

    @Test
    void burstsOfTheMaximumSizeAtTheNextOffset() throws Exception {
        CompletableFuture<ByteBuf> out = writeWithBursts(0x50);
        assertEquals(transferReady(0, 0x50, 0, 4096), lastFrame());
        int frames = initiator.sent.size();
        data(0x50, 1452, 1452);
        data(0x50, 0, 1452);
        data(0x50, 0, 1452); // retransmitted: counts once
        assertEquals(frames, initiator.sent.size(), "no XFER_RDY before the burst is in");
        data(0x50, 2904, 1192);
        assertEquals(transferReady(1, 0x50, 4096, 4096), lastFrame());
        data(0x50, 4096, 1452);
        data(0x50, 5548, 1452);
        data(0x50, 7000, 1192);
        assertEquals(transferReady(2, 0x50, 8192, 1808), lastFrame(), "the last burst: the rest");
        data(0x50, 8192, 1452);
        assertNull(out.getNow(null));
        data(0x50, 9644, 356);
        ByteBuf all = out.getNow(null);
        assertEquals(Unpooled.wrappedBuffer(DATA), all);
        all.release();
        initiator.commands.getLast().complete(CommandResponse.of(ScsiStatus.GOOD, null, false, null, 10000));
        assertEquals(0, FcoeCodec.decode(initiator.sent.getLast()).payload().getUnsignedByte(10), "no residual");
        initiator.assertTsharkClean("bursts", "FCP", "XFER_RDY");
    }

    @Test
    void recDuringABurstCountsTheGapFreeData() throws Exception {
        CompletableFuture<ByteBuf> out = writeWithBursts(0x51);
        data(0x51, 0, 1452);
        data(0x51, 2904, 1192);
        String acc = initiator.rec(TestInitiator.INITIATOR_ID, 0x51, 1);
        assertEquals("000005ac" + "80000000", acc.substring(32), "1452 bytes without a gap; initiative with the initiator");
        data(0x51, 1452, 1452);
        assertEquals(transferReady(1, 0x51, 4096, 4096), lastFrame(), "the gap filled: the next burst");
        assertNull(out.getNow(null));
        initiator.commands.getLast().complete(CommandResponse.aborted());
    }

    @Test
    void dataPastTheBurstFailsTheCommand() throws Exception {
        CompletableFuture<ByteBuf> out = writeWithBursts(0x52);
        data(0x52, 0, 1452);
        data(0x52, 1452, 1452);
        int frames = initiator.sent.size();
        data(0x52, 2904, 1452); // ends at 4356, past the burst's 4096
        assertTrue(out.isCompletedExceptionally(), "FCP-4: data beyond the burst");
        data(0x52, 4356, 1452);
        assertEquals(frames, initiator.sent.size(), "no further XFER_RDY");
        initiator.commands.getLast().complete(CommandResponse.of(ScsiStatus.CHECK_CONDITION, null, false, null, 0));
        assertEquals(ScsiStatus.CHECK_CONDITION.code(),
                FcoeCodec.decode(initiator.sent.getLast()).payload().getUnsignedByte(11));
    }

    @Test
    void unlimitedAsksForTheWholeTransferAndTheBurstIsAtLeastOneFrame() throws Exception {
        initiator = new TestInitiator(0);
        initiator.login();
        write(0x53, 10000);
        assertEquals(transferReady(0, 0x53, 0, 10000), lastFrame());
        initiator.commands.getLast().complete(CommandResponse.aborted());
        initiator.close();
        initiator = new TestInitiator(100);
        initiator.login();
        write(0x54, 10000);
        assertEquals(transferReady(0, 0x54, 0, 1452), lastFrame(), "PLOGI's receive data field size bounds it");
        initiator.commands.getLast().complete(CommandResponse.aborted());
    }

    @Test
    void defaultBurstIs256KiB() throws Exception {
        initiator = new TestInitiator();
        initiator.login();
        write(0x55, 1 << 20);
        assertEquals(transferReady(0, 0x55, 0, 262144), lastFrame());
        initiator.commands.getLast().complete(CommandResponse.aborted());
    }
}
