package io.quiver.initiator.iscsi.impl;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.quiver.initiator.iscsi.SessionSettings;
import io.quiver.iscsi.login.ChapAlgorithm;
import io.quiver.iscsi.login.ChapValues;
import io.quiver.iscsi.login.KeyNegotiator;
import io.quiver.iscsi.login.TextParameters;
import io.quiver.iscsi.pdu.IscsiPdu;
import io.quiver.iscsi.pdu.Opcode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The originator's side of one login (RFC 7143, 6.3 and 12.1.3): the security stage with AuthMethod None or
 * CHAP (and mutual CHAP), then the operational stage, whose results it collects. Each target response gives
 * the next request, or {@code null} when the full feature phase is reached. Runs on the connection's event
 * loop; not thread-safe; one instance per login.
 */
final class LoginExchange {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int TRANSIT = 0x80;

    enum Chap { OFF, ALGORITHM_SENT, RESPONSE_SENT }

    private final SessionSettings settings;
    private final long isid;
    private final Map<String, String> negotiated = new HashMap<>();
    private Chap chap;
    private byte[] mutualChallenge;
    private int mutualId;
    private ChapAlgorithm algorithm;
    private int tsih;

    LoginExchange(SessionSettings settings, long isid) {
        this.settings = settings;
        this.isid = isid;
        this.chap = Chap.OFF;
    }

    /** The first Login Request: the security stage, leading keys and AuthMethod. */
    IscsiPdu first(ByteBufAllocator alloc, SequenceNumbers sn) {
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("InitiatorName", settings.initiatorName());
        keys.put("TargetName", settings.targetName());
        keys.put("SessionType", "Normal");
        keys.put("AuthMethod", settings.chapUser() == null ? "None" : "CHAP");
        // With CHAP the exchange stays in the security stage until the target accepts the response.
        return request(alloc, sn, 0, settings.chapUser() == null, 1, keys);
    }

    /**
     * Handles one Login Response.
     *
     * @return the next request, or {@code null} when the target moved to the full feature phase
     * @throws IOException when the target refused the login or failed mutual authentication
     */
    IscsiPdu next(IscsiPdu response, ByteBufAllocator alloc, SequenceNumbers sn) throws IOException {
        int statusClass = response.byteAt(36);
        if (statusClass != 0) {
            throw new IOException(String.format("login refused by %s: status class 0x%02x detail 0x%02x",
                    settings.targetName(), statusClass, response.byteAt(37)));
        }
        sn.statusReceived(response.intAt(24));
        sn.window(response.intAt(28), response.intAt(32));
        tsih = response.shortAt(14);
        Map<String, String> keys = new HashMap<>();
        for (TextParameters.Pair p : TextParameters.decode(response.data())) {
            keys.put(p.key(), p.value());
        }
        int flags = response.flags();
        boolean transit = (flags & TRANSIT) != 0;
        int csg = (flags >> 2) & 3;
        int nsg = flags & 3;
        if (csg == 0) {
            return security(keys, transit, alloc, sn);
        }
        keys.forEach((k, v) -> {
            if (!KeyNegotiator.NOT_UNDERSTOOD.equals(v) && !KeyNegotiator.IRRELEVANT.equals(v)) {
                negotiated.put(k, v);
            }
        });
        if (transit && nsg == 3) {
            return null;
        }
        return request(alloc, sn, 1, true, 3, Map.of());
    }

    private IscsiPdu security(Map<String, String> keys, boolean transit, ByteBufAllocator alloc, SequenceNumbers sn)
            throws IOException {
        if (settings.chapUser() != null && chap == Chap.OFF) {
            if (!"CHAP".equals(keys.get("AuthMethod"))) {
                throw new IOException("target did not accept AuthMethod CHAP: " + keys.get("AuthMethod"));
            }
            chap = Chap.ALGORITHM_SENT;
            // MD5 only: every target has it (RFC 7143 requires it), and tgtd refuses a login that offers a list.
            return request(alloc, sn, 0, false, 1, Map.of("CHAP_A", "5"));
        }
        if (chap == Chap.ALGORITHM_SENT) {
            return chapResponse(keys, alloc, sn);
        }
        if (chap == Chap.RESPONSE_SENT && settings.mutualUser() != null) {
            verifyMutual(keys);
        }
        if (!transit) {
            return request(alloc, sn, 0, true, 1, Map.of());
        }
        return request(alloc, sn, 1, true, 3, operationalKeys());
    }

    private IscsiPdu chapResponse(Map<String, String> keys, ByteBufAllocator alloc, SequenceNumbers sn) throws IOException {
        algorithm = ChapAlgorithm.of(parse(keys.get("CHAP_A")));
        byte[] challenge = keys.get("CHAP_C") == null ? null : ChapValues.decode(keys.get("CHAP_C"));
        int id = parse(keys.get("CHAP_I"));
        if (algorithm == null || challenge == null || id < 0 || id > 255) {
            throw new IOException("malformed CHAP challenge from the target");
        }
        Map<String, String> answer = new LinkedHashMap<>();
        answer.put("CHAP_N", settings.chapUser());
        answer.put("CHAP_R", ChapValues.encode(algorithm.response(id, secret(settings.chapSecret()), challenge)));
        if (settings.mutualUser() != null) {
            mutualId = RANDOM.nextInt(256);
            mutualChallenge = new byte[Math.max(16, algorithm.digestLength())];
            RANDOM.nextBytes(mutualChallenge);
            answer.put("CHAP_I", Integer.toString(mutualId));
            answer.put("CHAP_C", ChapValues.encode(mutualChallenge));
        }
        chap = Chap.RESPONSE_SENT;
        return request(alloc, sn, 0, true, 1, answer);
    }

    private void verifyMutual(Map<String, String> keys) throws IOException {
        byte[] got = keys.get("CHAP_R") == null ? null : ChapValues.decode(keys.get("CHAP_R"));
        byte[] want = algorithm.response(mutualId, secret(settings.mutualSecret()), mutualChallenge);
        if (!settings.mutualUser().equals(keys.get("CHAP_N")) || got == null || !MessageDigest.isEqual(got, want)) {
            throw new IOException("mutual CHAP: the target did not authenticate as " + settings.mutualUser());
        }
    }

    private Map<String, String> operationalKeys() {
        Map<String, String> k = new LinkedHashMap<>();
        String digest = settings.digests() ? "CRC32C,None" : "None";
        k.put("HeaderDigest", digest);
        k.put("DataDigest", digest);
        k.put("MaxRecvDataSegmentLength", Integer.toString(SequenceNumbers.MAX_RECV_DATA_SEGMENT_LENGTH));
        k.put("ErrorRecoveryLevel", "0");
        k.put("InitialR2T", "No");
        k.put("ImmediateData", "Yes");
        k.put("MaxBurstLength", "1048576");
        k.put("FirstBurstLength", "262144");
        k.put("MaxOutstandingR2T", "1");
        k.put("MaxConnections", "1");
        k.put("DataPDUInOrder", "Yes");
        k.put("DataSequenceInOrder", "Yes");
        k.put("DefaultTime2Wait", "0");
        k.put("DefaultTime2Retain", "0");
        k.put("IFMarker", "No");
        k.put("OFMarker", "No");
        // Results default to the offer where the target answers nothing (declarations, RFC 7143 6.2).
        negotiated.putAll(k);
        negotiated.put("MaxRecvDataSegmentLength", "8192");
        return k;
    }

    private IscsiPdu request(ByteBufAllocator alloc, SequenceNumbers sn, int csg, boolean transit, int nsg,
            Map<String, String> keys) {
        ByteBuf text = TextParameters.encode(alloc, keys);
        IscsiPdu pdu = IscsiPdu.create(alloc, Opcode.LOGIN_REQUEST, (transit ? TRANSIT : 0) | csg << 2 | (transit ? nsg : 0), text);
        pdu.setImmediate(true);
        pdu.setInt(8, (int) (isid >>> 16)).setShort(12, (int) isid).setShort(14, tsih);
        pdu.setInitiatorTaskTag(0).setShort(20, 0).setInt(24, sn.cmdSn()).setInt(28, sn.expStatSn());
        return pdu;
    }

    /** The values agreed, by key name: the target's answers over the offers. */
    Map<String, String> negotiated() {
        return negotiated;
    }

    private static byte[] secret(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static int parse(String s) {
        return s == null ? -1 : (int) KeyNegotiator.parseNumber(s.split(",")[0]);
    }
}
