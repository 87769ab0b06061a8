package io.quiver.core.impl.map;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class InitiatorPatternTest {

    @Test
    void exactNamesIgnoreCase() {
        InitiatorPattern p = new InitiatorPattern("iqn.1994-05.com.redhat:Client");
        assertTrue(p.matches("iqn.1994-05.com.redhat:client"));
        assertFalse(p.matches("iqn.1994-05.com.redhat:client2"));
    }

    @Test
    void starAndQuestionMark() {
        InitiatorPattern p = new InitiatorPattern("iqn.*:host?");
        assertTrue(p.matches("iqn.2000-01.org:host1"));
        assertFalse(p.matches("iqn.2000-01.org:host10"));
        assertFalse(p.matches("eui.0123:host1"));
    }

    @Test
    void dotsAreLiteral() {
        assertFalse(new InitiatorPattern("iqn.a").matches("iqnXa"));
    }

    @Test
    void exclusionsWinOverInclusions() {
        InitiatorPattern p = new InitiatorPattern("*", "!*:backup*", " !iqn.x ");
        assertTrue(p.matches("iqn.2000-01.org:web"));
        assertFalse(p.matches("iqn.2000-01.org:backup1"));
        assertFalse(p.matches("iqn.x"));
    }

    @Test
    void onlyExclusionsAdmitNobody() {
        assertFalse(new InitiatorPattern("!iqn.a").matches("iqn.b"));
        assertFalse(new InitiatorPattern().matches("iqn.b"));
    }
}
