package io.quiver.core.impl.mgmt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.quiver.api.mgmt.ManagementException;
import org.junit.jupiter.api.Test;

/** Multi-valued attributes of number type (an ALUA target group's relative target port ids) are settable. */
class ValuesTest {

    static AttributeCatalog.Definition list(String type) {
        return new AttributeCatalog.Definition("relative.target.ports", "ports", "", type, true, null);
    }

    @Test
    void numberListsParseAndFormatBack() {
        Object ints = Values.parse(list("Integer"), "33, 34");
        assertArrayEquals(new int[] {33, 34}, (int[]) ints);
        assertEquals("33,34", Values.format(ints));
        assertArrayEquals(new long[] {5}, (long[]) Values.parse(list("Long"), "5"));
        assertArrayEquals(new int[0], (int[]) Values.parse(list("Integer"), ""));
        assertArrayEquals(new String[] {"a", "b"}, (String[]) Values.parse(list("String"), "a,b"));
    }

    @Test
    void aWrongNumberNamesTheAttribute() {
        ManagementException e = assertThrows(ManagementException.class, () -> Values.parse(list("Integer"), "1,x"));
        assertEquals("relative.target.ports: not a list of Integer: 1,x", e.getMessage());
    }
}
