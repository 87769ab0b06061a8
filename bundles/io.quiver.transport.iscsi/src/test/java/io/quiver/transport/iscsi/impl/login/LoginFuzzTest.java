package io.quiver.transport.iscsi.impl.login;

import io.quiver.iscsi.login.ChapCredentials;
import io.quiver.iscsi.login.IscsiKey;
import io.quiver.iscsi.login.LoginException;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.quiver.spi.target.InitiatorPort;
import io.quiver.spi.target.ScsiTarget;
import io.quiver.spi.target.Session;
import io.quiver.spi.target.SessionTransport;
import io.quiver.iscsi.pdu.IscsiPdu;
import io.quiver.iscsi.pdu.Opcode;
import io.quiver.transport.iscsi.impl.session.IscsiTarget;
import io.quiver.transport.iscsi.impl.session.SessionRegistry;
import io.quiver.transport.iscsi.impl.session.TargetDirectory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Fuzzes the login state machine with its key=value parsing, C-bit joining, negotiation and CHAP: the input
 * is a series of Login Requests, each {@code flags(1) length(2) text(length)}, against a normal target
 * that requires CHAP and an open discovery. Every request must end in a Login Response or a
 * {@link LoginException}; anything else thrown is a finding, as is a buffer left unreleased. Seeds:
 * {@code LoginFuzzTestInputs/loginRequests/}. Long run: see docs/reliability.md.
 */
class LoginFuzzTest {

    static final String TARGET = "iqn.2026-11.io.quiver:fuzz";

    /** Entry point for a standalone Jazzer run ({@code --target_class}). */
    public static void fuzzerTestOneInput(byte[] input) {
        new LoginFuzzTest().loginRequests(input);
    }

    @FuzzTest(maxDuration = "10m")
    void loginRequests(byte[] input) {
        UnpooledByteBufAllocator alloc = new UnpooledByteBufAllocator(true);
        LoginNegotiation login = new LoginNegotiation(new Directory(), "127.0.0.1:3260", l -> 1);
        ByteBuffer in = ByteBuffer.wrap(input);
        while (in.remaining() >= 3 && !login.isComplete()) {
            int flags = in.get() & 0xFF;
            int length = Math.min(in.getShort() & 0xFFFF, in.remaining());
            ByteBuf text = alloc.directBuffer(length).writeBytes(input, in.position(), length);
            in.position(in.position() + length);
            IscsiPdu request = IscsiPdu.create(alloc, Opcode.LOGIN_REQUEST, flags, text);
            request.bhs().setShort(8, 0x4000).setInt(10, 0x01020304).setShort(20, 1);
            try {
                login.handle(alloc, request).release();
            } catch (LoginException e) {
                break;
            } finally {
                request.release();
            }
        }
        login.discard();
        assertEquals(0, alloc.metric().usedDirectMemory(), "buffers not released");
    }

    /** One CHAP target, open discovery, no sessions. */
    static final class Directory implements TargetDirectory {
        private final SessionRegistry sessions = new SessionRegistry();
        private final IscsiTarget target = new IscsiTarget(TARGET, "fuzz", 1,
                List.of(new ChapCredentials("alice", "alicesecret12")), new ChapCredentials("quiver", "targetsecret1"),
                Map.of(), 32, List.of(), false, new NoLuns(), null);

        @Override
        public IscsiTarget find(String name) {
            return TARGET.equals(name) ? target : null;
        }

        @Override
        public Collection<IscsiTarget> targets() {
            return List.of(target);
        }

        @Override
        public List<ChapCredentials> discoveryIncomingUsers() {
            return List.of();
        }

        @Override
        public ChapCredentials discoveryOutgoingUser() {
            return null;
        }

        @Override
        public List<String> portals() {
            return List.of("127.0.0.1:3260");
        }

        @Override
        public Map<IscsiKey, String> negotiationValues(IscsiTarget t) {
            return t == null ? Map.of() : t.negotiationValues();
        }

        @Override
        public AuthFailureLimiter authFailures() {
            return new AuthFailureLimiter(0, 1, 1, System::nanoTime);
        }

        @Override
        public SessionRegistry sessions() {
            return sessions;
        }
    }

    /** The core side is not reached: the opener does not open a nexus. */
    static final class NoLuns implements ScsiTarget {
        @Override
        public String name() {
            return TARGET;
        }

        @Override
        public int relativeTargetPortId() {
            return 1;
        }

        @Override
        public Session openSession(InitiatorPort initiator, SessionTransport transport) {
            throw new IllegalStateException("not in this test");
        }

        @Override
        public void unregister() {
        }
    }

    static byte[] text(String... pairs) {
        return (String.join("\0", pairs) + "\0").getBytes(StandardCharsets.UTF_8);
    }
}
