package io.quiver.transport.iscsi.impl.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.quiver.iscsi.pdu.IscsiPdu;
import io.quiver.iscsi.pdu.Opcode;
import io.quiver.rdma.Access;
import io.quiver.rdma.CompletionStatus;
import io.quiver.rdma.EndpointHandler;
import io.quiver.rdma.MemoryRegion;
import io.quiver.rdma.QueueConfig;
import io.quiver.rdma.RdmaEndpoint;
import io.quiver.rdma.RdmaProvider;
import io.quiver.rdma.WorkRequestType;
import io.quiver.transport.iscsi.impl.iser.IserCmPrivateData;
import io.quiver.transport.iscsi.impl.iser.IserFrame;
import io.quiver.transport.iscsi.impl.iser.IserHeader;
import io.quiver.transport.iscsi.impl.iser.IserProtocolException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A Java iSER initiator for tests, on the emulated RDMA fabric, shaped after Linux's ib_iser: CM private data
 * with Z and I set, iSER header with W/R flags and virtual addresses (the Write Base Offset past the immediate
 * data), immediate data up to 8 KiB in the SEND, no Data-Out PDUs. Records every PDU the target sends, so a
 * test can check that no Data-In or R2T PDU crossed the wire. One command at a time; not thread-safe.
 */
final class IserTestInitiator implements EndpointHandler, AutoCloseable {

    static final int IMMEDIATE = 8192;

    final BlockingQueue<IscsiPdu> received = new LinkedBlockingQueue<>();
    final List<Opcode> opcodes = new java.util.concurrent.CopyOnWriteArrayList<>();
    final CountDownLatch disconnected = new CountDownLatch(1);
    private RdmaEndpoint endpoint;
    /** Another ISID makes another session of the same initiator. */
    long isid = RawInitiator.ISID;
    private int itt = 1;
    /** The data segment (SenseLength and sense) of the last SCSI Response. */
    byte[] sense = new byte[0];
    private int cmdSn = 1;
    private int expStatSn;
    private long id = 1;
    /** InitialR2T offered at login; No lets {@link #writeUnsolicited} send Data-Out before any solicitation. */
    boolean initialR2t = true;

    static IserTestInitiator connect(RdmaProvider node, InetSocketAddress target) throws Exception {
        IserTestInitiator ini = new IserTestInitiator();
        ByteBuf pd = Unpooled.buffer();
        new IserCmPrivateData(true, true).encode(pd);
        QueueConfig queues = new QueueConfig(256, 64, IserHeader.LENGTH + 48 + 1024 + 262144, 0, 16);
        ini.endpoint = node.connect(target, pd, queues, ini).toCompletableFuture().get(10, TimeUnit.SECONDS);
        pd.release();
        return ini;
    }

    /** A normal-session login in one request: operational stage straight to full feature phase. */
    IscsiPdu login(String targetName, String... extra) throws Exception {
        List<String> keys = new ArrayList<>(List.of("InitiatorName=iqn.2026-12.test:iser", "TargetName=" + targetName,
                "SessionType=Normal", "RDMAExtensions=Yes", "InitiatorRecvDataSegmentLength=262144",
                "TargetRecvDataSegmentLength=8192", "HeaderDigest=None", "DataDigest=None", "ImmediateData=Yes",
                "InitialR2T=" + (initialR2t ? "Yes" : "No"), "MaxBurstLength=1048576", "FirstBurstLength=65536"));
        keys.addAll(List.of(extra));
        ByteBuffer bhs = RawInitiator.bhs(0x43, 0x87);
        bhs.putShort(8, (short) (isid >> 32)).putInt(10, (int) isid).putInt(16, itt++).putShort(20, (short) 1).putInt(24, cmdSn)
                .putInt(28, expStatSn);
        send(IserHeader.TARGET_CONTROL, bhs, RawInitiator.text(keys.toArray(String[]::new)));
        IscsiPdu response = next(Opcode.LOGIN_RESPONSE);
        expStatSn = response.intAt(24) + 1;
        return response;
    }

    /**
     * A command reading {@code length} bytes into a registered buffer (R flag); returns the data after the
     * SCSI Response arrived with GOOD status.
     */
    byte[] read(byte[] cdb, int length) throws Exception {
        ByteBuf buffer = endpoint.allocator().directBuffer(length, length).writerIndex(length);
        try (MemoryRegion region = endpoint.register(buffer, EnumSet.of(Access.LOCAL_WRITE, Access.REMOTE_WRITE))) {
            IserHeader h = new IserHeader(IserHeader.ISCSI_CONTROL, false, 0, 0, true, region.rkey(), region.address());
            assertEquals(0, command(h, 0xC1, length, cdb, null), "SCSI status");
            byte[] data = new byte[length];
            buffer.getBytes(0, data);
            return data;
        } finally {
            buffer.release();
        }
    }

    /** A command writing {@code data}: its first 8 KiB as immediate data, the rest for the target to RDMA READ. */
    int write(byte[] cdb, byte[] data) throws Exception {
        int immediate = Math.min(IMMEDIATE, data.length);
        ByteBuf buffer = endpoint.allocator().directBuffer(data.length).writeBytes(data);
        try (MemoryRegion region = endpoint.register(buffer, EnumSet.of(Access.REMOTE_READ))) {
            IserHeader h = new IserHeader(IserHeader.ISCSI_CONTROL, true, region.rkey(), region.address() + immediate,
                    false, 0, 0);
            byte[] imm = new byte[immediate];
            System.arraycopy(data, 0, imm, 0, immediate);
            return command(h, 0xA1, data.length, cdb, imm);
        } finally {
            buffer.release();
        }
    }

    /**
     * A command writing {@code data} as ib_iser does with InitialR2T=No: 8 KiB immediate data, unsolicited Data-Out
     * SENDs up to {@code firstBurst} (after {@code delayMillis}, so that the target solicits the rest first), and
     * a Write Base Offset past them ({@code write_va = addr + unsol_sz}) for the target to RDMA READ the rest.
     */
    int writeUnsolicited(byte[] cdb, byte[] data, int firstBurst, long delayMillis) throws Exception {
        int immediate = Math.min(IMMEDIATE, data.length);
        int unsolicited = Math.min(firstBurst, data.length);
        ByteBuf buffer = endpoint.allocator().directBuffer(data.length).writeBytes(data);
        try (MemoryRegion region = endpoint.register(buffer, EnumSet.of(Access.REMOTE_READ))) {
            IserHeader h = new IserHeader(IserHeader.ISCSI_CONTROL, true, region.rkey(),
                    region.address() + unsolicited, false, 0, 0);
            int task = itt;
            sendCommand(h, unsolicited > immediate ? 0x21 : 0xA1, data.length, cdb,
                    java.util.Arrays.copyOf(data, immediate));
            Thread.sleep(delayMillis);
            for (int offset = immediate, dataSn = 0; offset < unsolicited; offset += IMMEDIATE, dataSn++) {
                int length = Math.min(IMMEDIATE, unsolicited - offset);
                ByteBuffer bhs = RawInitiator.bhs(0x05, offset + length == unsolicited ? 0x80 : 0);
                bhs.putInt(16, task).putInt(20, -1).putInt(28, expStatSn).putInt(36, dataSn).putInt(40, offset);
                send(IserHeader.TARGET_CONTROL, bhs, java.util.Arrays.copyOfRange(data, offset, offset + length));
            }
            return status();
        } finally {
            buffer.release();
        }
    }

    /** Sends a SCSI Command and returns the status of its SCSI Response; its sense data lands in {@link #sense}. */
    int command(IserHeader header, int flags, int edtl, byte[] cdb, byte[] immediate) throws Exception {
        sendCommand(header, flags, edtl, cdb, immediate);
        return status();
    }

    private void sendCommand(IserHeader header, int flags, int edtl, byte[] cdb, byte[] immediate) throws Exception {
        byte[] field = new byte[16];
        System.arraycopy(cdb, 0, field, 0, cdb.length);
        ByteBuffer bhs = RawInitiator.bhs(0x01, flags);
        bhs.putLong(8, 0).putInt(16, itt++).putInt(20, edtl).putInt(24, cmdSn++).putInt(28, expStatSn);
        bhs.position(32);
        bhs.put(field);
        bhs.position(0);
        send(header, bhs, immediate);
    }

    /** The status of the next SCSI Response; its sense data lands in {@link #sense}. */
    private int status() throws Exception {
        IscsiPdu response = next(Opcode.SCSI_RESPONSE);
        try {
            expStatSn = response.intAt(24) + 1;
            sense = new byte[response.data().readableBytes()];
            response.data().getBytes(response.data().readerIndex(), sense);
            return response.byteAt(3);
        } finally {
            response.release();
        }
    }

    /** Logs the session out (reason 0, close the session); returns the Logout Response's result byte. */
    int logout() throws Exception {
        ByteBuffer bhs = RawInitiator.bhs(0x46, 0x80);
        bhs.putInt(16, itt++).putShort(20, (short) 1).putInt(24, cmdSn).putInt(28, expStatSn);
        send(IserHeader.TARGET_CONTROL, bhs, null);
        IscsiPdu response = next(Opcode.LOGOUT_RESPONSE);
        try {
            return response.byteAt(2);
        } finally {
            response.release();
        }
    }

    /** Sends raw bytes as one SEND (malformed-input tests). */
    void sendRaw(byte[] bytes) throws Exception {
        endpoint.send(endpoint.allocator().directBuffer(bytes.length).writeBytes(bytes), id++, false);
    }

    private void send(IserHeader header, ByteBuffer bhs, byte[] data) throws Exception {
        int length = data == null ? 0 : data.length;
        bhs.put(5, (byte) (length >> 16)).put(6, (byte) (length >> 8)).put(7, (byte) length);
        ByteBuf out = endpoint.allocator().directBuffer(IserHeader.LENGTH + 48 + length);
        header.encode(out);
        out.writeBytes(bhs.array());
        if (data != null) {
            out.writeBytes(data);
        }
        endpoint.send(out, id++, false);
    }

    /** The next PDU the target sends, whatever it is, or {@code null} after 30 s; the caller releases it. */
    IscsiPdu next() throws Exception {
        return received.poll(30, TimeUnit.SECONDS);
    }

    /** The next PDU, which must have {@code opcode}; waits generously (a loaded 2-core machine). */
    private IscsiPdu next(Opcode opcode) throws Exception {
        IscsiPdu pdu = received.poll(30, TimeUnit.SECONDS);
        if (pdu == null) {
            throw new AssertionError("no " + opcode + " within 30 s");
        }
        try {
            assertEquals(opcode, pdu.opcode());
            return pdu.retain();
        } finally {
            pdu.release();
        }
    }

    @Override
    public void onReceive(RdmaEndpoint ep, ByteBuf message) {
        try {
            IscsiPdu pdu = IserFrame.decode(message, 1 << 24).pdu();
            opcodes.add(pdu.opcode());
            // A copy: the receive buffer goes back to the ring at once.
            received.add(new IscsiPdu(Unpooled.copiedBuffer(pdu.bhs()), Unpooled.copiedBuffer(pdu.ahs()),
                    Unpooled.copiedBuffer(pdu.data())));
            pdu.release();
        } catch (IserProtocolException e) {
            throw new AssertionError("the target sent a malformed iSER message: " + e.getMessage(), e);
        } finally {
            message.release();
        }
    }

    @Override
    public void onCompletion(RdmaEndpoint ep, long workRequestId, WorkRequestType type, CompletionStatus status) {
    }

    @Override
    public void onDisconnected(RdmaEndpoint ep) {
        disconnected.countDown();
    }

    @Override
    public void close() {
        endpoint.close();
        IscsiPdu p;
        while ((p = received.poll()) != null) {
            p.release();
        }
    }
}
