package io.quiver.transport.iscsi.impl.login;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The per-address limit on failed authentications, on a hand-driven clock. */
class AuthFailureLimiterTest {

    private long now;

    private void advance(int seconds) {
        now += TimeUnit.SECONDS.toNanos(seconds);
    }

    @Test
    void fiveFailuresWithinTheWindowBlockTheAddressForTheBackOff() {
        AuthFailureLimiter l = new AuthFailureLimiter(5, 60, 30, () -> now);
        for (int n = 0; n < 4; n++) {
            assertFalse(l.failed("10.0.0.1"));
            advance(10);
        }
        assertFalse(l.refuses("10.0.0.1"));
        assertTrue(l.failed("10.0.0.1"), "the fifth within 60 s");
        assertTrue(l.refuses("10.0.0.1"));
        assertFalse(l.refuses("10.0.0.2"), "per address");
        advance(29);
        assertTrue(l.refuses("10.0.0.1"));
        advance(1);
        assertFalse(l.refuses("10.0.0.1"), "back-off over");
        assertFalse(l.failed("10.0.0.1"), "counting starts afresh");
    }

    @Test
    void failuresOutsideTheWindowDoNotAddUp() {
        AuthFailureLimiter l = new AuthFailureLimiter(3, 60, 30, () -> now);
        for (int n = 0; n < 10; n++) {
            assertFalse(l.failed("10.0.0.1"));
            advance(31);
        }
        assertFalse(l.refuses("10.0.0.1"));
    }

    @Test
    void zeroDisablesTheLimitAndMemoryIsBounded() {
        AuthFailureLimiter off = new AuthFailureLimiter(0, 60, 30, () -> now);
        for (int n = 0; n < 100; n++) {
            assertFalse(off.failed("10.0.0.1"));
        }
        assertFalse(off.refuses("10.0.0.1"));
        AuthFailureLimiter l = new AuthFailureLimiter(5, 60, 30, () -> now);
        for (int n = 0; n < AuthFailureLimiter.MAX_ADDRESSES + 100; n++) {
            l.failed("10.1." + (n >> 8) + "." + (n & 0xFF));
        }
        assertEquals(AuthFailureLimiter.MAX_ADDRESSES, l.tracked());
    }
}
