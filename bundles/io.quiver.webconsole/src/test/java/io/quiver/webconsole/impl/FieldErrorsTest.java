package io.quiver.webconsole.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A refusal is shown next to the field its message names. */
class FieldErrorsTest {

    static final List<String> FIELDS = List.of("filename", "size", "read_only", "t10_dev_id");

    @Test
    void theAttributeTheMessageNames() {
        assertEquals("size", FieldErrors.field("size: not a Long: 12x", FIELDS, null));
        assertEquals("read_only", FieldErrors.field("read_only: not a boolean: maybe", FIELDS, null));
        assertEquals("colour", FieldErrors.field("no writable attribute colour in io.quiver.core.lun", List.of("colour"), null));
    }

    @Test
    void wholeWordsOnlyAndTheLongestWins() {
        assertNull(FieldErrors.field("filesize too large", FIELDS, null));
        assertEquals("t10_dev_id", FieldErrors.field("t10_dev_id: too long", List.of("t10", "t10_dev_id"), null));
        assertNull(FieldErrors.field("io.quiver.handler.size~x gone", FIELDS, null), "part of a dotted name is not the field");
    }

    @Test
    void theNameOfANewObject() {
        assertEquals(FieldErrors.NAME, FieldErrors.field("not a LUN number (0..16383): x1", FIELDS, "x1"));
        assertEquals(FieldErrors.NAME, FieldErrors.field("/handlers/vdisk_fileio/disk0 exists", FIELDS, "disk0"));
        assertNull(FieldErrors.field("cannot create objects below /x", FIELDS, "disk0"));
        assertNull(FieldErrors.field(null, FIELDS, null));
    }
}
