package io.quiver.transport.iscsi.impl.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/** Portal formatting, IPv6 per RFC 5952. */
class PortalsTest {

    private static String v6(String literal) throws Exception {
        return Portals.compress(InetAddress.getByName(literal).getAddress());
    }

    @Test
    void formats() throws Exception {
        assertEquals("127.0.0.1:3260", Portals.format(new InetSocketAddress("127.0.0.1", 3260)));
        assertEquals("[::1]:3260", Portals.format(new InetSocketAddress("::1", 3260)));
        assertEquals("::", v6("::"));
        assertEquals("2001:db8::1", v6("2001:0db8:0:0:0:0:0:1"));
        assertEquals("2001:db8:0:1:1:1:1:1", v6("2001:db8:0:1:1:1:1:1"));
        assertEquals("2001:db8::1:0:0:1", v6("2001:db8:0:0:1:0:0:1"));
        assertEquals("fe80::", v6("fe80:0:0:0:0:0:0:0"));
    }
}
