package io.quiver.transport.iscsi.impl.login;

import io.quiver.iscsi.login.ChapCredentials;
import io.quiver.iscsi.login.ChapValues;
import io.quiver.iscsi.login.LoginException;
import io.quiver.iscsi.login.TextParameters;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Fuzzes the text parsers on their own: key=value decoding (only IllegalArgumentException may escape, and
 * what decodes re-encodes to the same pairs) and the target's side of a CHAP exchange (CHAP_A, CHAP_N,
 * CHAP_R, CHAP_I, CHAP_C as NUL-separated fields; only LoginException may escape). Seeds:
 * {@code KeyValueFuzzTestInputs/<method>/}. Long run: see docs/reliability.md.
 */
class KeyValueFuzzTest {

    /** Entry point for a standalone Jazzer run ({@code --target_class}): both targets on one input. */
    public static void fuzzerTestOneInput(byte[] input) {
        KeyValueFuzzTest t = new KeyValueFuzzTest();
        t.keyValuePairs(input);
        t.chapExchange(input);
    }

    @FuzzTest(maxDuration = "10m")
    void keyValuePairs(byte[] input) {
        ByteBuf text = Unpooled.wrappedBuffer(input);
        List<TextParameters.Pair> pairs;
        try {
            pairs = TextParameters.decode(text);
        } catch (IllegalArgumentException expected) {
            return;
        }
        ByteBuf out = Unpooled.buffer();
        try {
            pairs.forEach(p -> TextParameters.append(out, p.key(), p.value()));
            List<TextParameters.Pair> round = TextParameters.decode(out);
            assertEquals(pairs.size(), round.size());
            for (int i = 0; i < pairs.size(); i++) {
                assertEquals(pairs.get(i).key(), round.get(i).key());
                assertEquals(pairs.get(i).value(), round.get(i).value());
            }
        } finally {
            out.release();
        }
    }

    @FuzzTest(maxDuration = "10m")
    void chapExchange(byte[] input) {
        String[] f = new String(input, StandardCharsets.UTF_8).split("\0", -1);
        ChapAuthenticator chap = new ChapAuthenticator(List.of(new ChapCredentials("alice", "alicesecret12")),
                new ChapCredentials("quiver", "targetsecret1"));
        try {
            chap.challenge(field(f, 0));
            chap.verify(field(f, 1), field(f, 2), field(f, 3), field(f, 4));
        } catch (LoginException expected) {
            // Refusing is the answer to a bad exchange; only other exceptions are findings.
        }
        if (field(f, 2) != null) {
            ChapValues.decode(field(f, 2));
        }
    }

    private static String field(String[] f, int i) {
        return i < f.length ? f[i] : null;
    }
}
