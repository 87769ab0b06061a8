package io.quiver.transport.iscsi.impl.session;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A small hand-written iSCSI initiator for tests: blocking socket, byte arrays, no digests. Builds the
 * PDUs libiscsi will not send (wrong stages, bad fields, CmdSN outside the window, unknown TTTs).
 */
final class RawInitiator implements AutoCloseable {

    /** A received PDU: BHS and data segment. */
    static final class Pdu {
        final ByteBuffer bhs;
        final byte[] data;

        Pdu(byte[] bhs, byte[] data) {
            this.bhs = ByteBuffer.wrap(bhs);
            this.data = data;
        }

        int opcode() {
            return bhs.get(0) & 0x3F;
        }

        int flags() {
            return bhs.get(1) & 0xFF;
        }

        int intAt(int offset) {
            return bhs.getInt(offset);
        }

        /** Login Response Status-Class and Status-Detail as one number. */
        int shortAt36() {
            return bhs.getShort(36) & 0xFFFF;
        }

        String text() {
            return new String(data, StandardCharsets.UTF_8);
        }

        Map<String, String> keys() {
            Map<String, String> m = new LinkedHashMap<>();
            for (String kv : text().split("\0")) {
                int eq = kv.indexOf('=');
                if (eq > 0) {
                    m.put(kv.substring(0, eq), kv.substring(eq + 1));
                }
            }
            return m;
        }
    }

    static final long ISID = 0x400001020304L;

    /** The ISID of this connection's logins: another value makes another session of the same initiator. */
    long isid = ISID;

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    int cmdSn = 100;
    int itt = 1;
    int expStatSn;
    /** CRC32C header and data digests, once negotiated. */
    boolean digests;

    private static int crc32c(byte[] b, int pad) {
        java.util.zip.CRC32C c = new java.util.zip.CRC32C();
        c.update(b);
        c.update(new byte[pad]);
        return (int) c.getValue();
    }

    private void writeDigest(int crc) throws IOException {
        out.write(ByteBuffer.allocate(4).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(crc).array());
    }

    private void checkDigest(int crc) throws IOException {
        byte[] d = new byte[4];
        in.readFully(d);
        if (ByteBuffer.wrap(d).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt() != crc) {
            throw new IOException("digest mismatch");
        }
    }

    RawInitiator(int port) throws IOException {
        this("127.0.0.1", port);
    }

    RawInitiator(String host, int port) throws IOException {
        socket = new Socket(host, port);
        socket.setSoTimeout(5000);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    static byte[] text(String... pairs) {
        StringBuilder b = new StringBuilder();
        for (String p : pairs) {
            b.append(p).append('\0');
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    static ByteBuffer bhs(int opcode, int flags) {
        ByteBuffer b = ByteBuffer.allocate(48);
        b.put(0, (byte) opcode).put(1, (byte) flags);
        return b;
    }

    void send(ByteBuffer bhs, byte[] data) throws IOException {
        int length = data == null ? 0 : data.length;
        bhs.put(5, (byte) (length >> 16)).put(6, (byte) (length >> 8)).put(7, (byte) length);
        out.write(bhs.array());
        if (digests) {
            writeDigest(crc32c(bhs.array(), 0));
        }
        if (length > 0) {
            out.write(data);
            out.write(new byte[(4 - (length & 3)) & 3]);
            if (digests) {
                writeDigest(crc32c(data, (4 - (length & 3)) & 3));
            }
        }
        out.flush();
    }

    Pdu receive() throws IOException {
        byte[] bhs = new byte[48];
        in.readFully(bhs);
        int ahs = (bhs[4] & 0xFF) * 4;
        int length = ((bhs[5] & 0xFF) << 16) | ((bhs[6] & 0xFF) << 8) | (bhs[7] & 0xFF);
        in.skipNBytes(ahs);
        if (digests) {
            checkDigest(crc32c(bhs, 0));
        }
        byte[] data = new byte[length];
        in.readFully(data);
        in.skipNBytes((4 - (length & 3)) & 3);
        if (digests && length > 0) {
            checkDigest(crc32c(data, (4 - (length & 3)) & 3));
        }
        Pdu p = new Pdu(bhs, data);
        if (p.opcode() != 0x25 || (p.flags() & 1) != 0) {
            expStatSn = p.intAt(24) + 1;
        }
        return p;
    }

    /** Whether nothing arrives within {@code millis} (the connection stays open). */
    boolean silentFor(int millis) throws IOException {
        socket.setSoTimeout(millis);
        try {
            in.readByte();
            return false;
        } catch (SocketTimeoutException e) {
            return true;
        } finally {
            socket.setSoTimeout(5000);
        }
    }

    /** Whether the target closed the connection (EOF) within the read timeout. */
    boolean closedByTarget() throws IOException {
        try {
            while (true) {
                receive();
            }
        } catch (java.io.EOFException | java.net.SocketException e) {
            return true;
        }
    }

    /** A Login Request: T bit, CSG, NSG and the key=value pairs. */
    Pdu login(boolean transit, int csg, int nsg, byte[] keys) throws IOException {
        ByteBuffer b = bhs(0x43, (transit ? 0x80 : 0) | (csg << 2) | (transit ? nsg : 0));
        b.putShort(8, (short) (isid >> 32)).putInt(10, (int) isid);
        b.putInt(16, itt).putShort(20, (short) 1).putInt(24, cmdSn).putInt(28, expStatSn);
        send(b, keys);
        return receive();
    }

    /** Writes bytes as they are: truncated or corrupt PDUs. */
    void raw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** An immediate NOP-Out with ITT {@code itt}, asking for an echo of {@code data}. */
    void ping(int itt, byte[] data) throws IOException {
        send(bhs(0x40, 0x80).putInt(16, itt).putInt(20, -1).putInt(24, cmdSn).putInt(28, expStatSn), data);
    }

    /** A Login Request with the C bit: its text goes on in the next request. */
    Pdu loginContinued(int csg, byte[] keys) throws IOException {
        ByteBuffer b = bhs(0x43, 0x40 | (csg << 2));
        b.putShort(8, (short) (isid >> 32)).putInt(10, (int) isid);
        b.putInt(16, itt).putShort(20, (short) 1).putInt(24, cmdSn).putInt(28, expStatSn);
        send(b, keys);
        return receive();
    }

    /** A Text Request: C bit, ITT, TTT and raw text (which may end in the middle of a pair). */
    Pdu textRequest(boolean more, int itt, int ttt, byte[] text) throws IOException {
        send(bhs(0x44, more ? 0x40 : 0x80).putInt(16, itt).putInt(20, ttt).putInt(24, cmdSn++).putInt(28, expStatSn),
                text);
        return receive();
    }

    /** A complete login without authentication straight from the operational stage. */
    Pdu loginNormal(String target, String... operational) throws IOException {
        String[] keys = new String[operational.length + 3];
        keys[0] = "InitiatorName=iqn.2026-11.io.quiver:raw";
        keys[1] = "SessionType=Normal";
        keys[2] = "TargetName=" + target;
        System.arraycopy(operational, 0, keys, 3, operational.length);
        return login(true, 1, 3, text(keys));
    }

    /** A SCSI Command PDU with a 16-byte CDB field. */
    void command(int flags, long lun, int edtl, byte[] cdb, byte[] immediate, boolean advanceCmdSn) throws IOException {
        ByteBuffer b = bhs(0x01, flags);
        b.putLong(8, lun).putInt(16, itt).putInt(20, edtl).putInt(24, cmdSn).putInt(28, expStatSn);
        b.position(32);
        b.put(cdb);
        b.position(0);
        send(b, immediate);
        if (advanceCmdSn) {
            cmdSn++;
        }
    }

    void dataOut(int itt, int ttt, int dataSn, int offset, boolean last, byte[] data) throws IOException {
        ByteBuffer b = bhs(0x05, last ? 0x80 : 0);
        b.putInt(16, itt).putInt(20, ttt).putInt(28, expStatSn).putInt(36, dataSn).putInt(40, offset);
        send(b, data);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
