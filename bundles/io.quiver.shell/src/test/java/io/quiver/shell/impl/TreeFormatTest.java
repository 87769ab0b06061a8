package io.quiver.shell.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quiver.api.mgmt.AttributeDTO;
import io.quiver.api.mgmt.CommandDTO;
import io.quiver.api.mgmt.NodeDTO;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TreeFormatTest {

    private static AttributeDTO attribute(String name, String value, String dflt, boolean key, boolean secret) {
        AttributeDTO a = new AttributeDTO();
        a.name = name;
        a.value = value;
        a.defaultValue = dflt;
        a.key = key;
        a.secret = secret;
        a.writable = true;
        a.description = "the " + name;
        return a;
    }

    private static NodeDTO target() {
        NodeDTO n = new NodeDTO();
        n.path = "/targets/iscsi/iqn.2026-11.io.quiver:default";
        n.name = "iqn.2026-11.io.quiver:default";
        n.kind = "target";
        n.pid = "io.quiver.transport.iscsi.target";
        n.attributes.add(attribute("enabled", "true", "true", false, false));
        n.attributes.add(attribute("IncomingUser", "joe s3cret-s3cret", "", true, true));
        n.attributes.add(attribute("QueuedCommands", "64", "32", true, false));
        n.children.add("luns");
        n.commands.add(CommandDTO.of("disable", "Stop accepting logins"));
        return n;
    }

    @Test
    void nodeMarksNonDefaultAttributesAsKeyAndNeverShowsSecrets() {
        String text = TreeFormat.node(target());
        assertTrue(text.contains("QueuedCommands = 64  [key]"), text);
        assertTrue(text.contains("enabled        = true\n"), text);
        assertTrue(text.contains("IncomingUser   = (write-only)  [key]"), text);
        assertFalse(text.contains("s3cret"), text);
        assertTrue(text.contains("children: luns"), text);
        assertTrue(text.contains("command disable: Stop accepting logins"), text);
    }

    @Test
    void helpDocumentsTypeDefaultAndMeaning() {
        String text = TreeFormat.help(target());
        assertTrue(text.contains("QueuedCommands (String, default 32)\n    the QueuedCommands"), text);
        assertTrue(text.contains("IncomingUser (String, default , write-only)"), text);
    }

    @Test
    void childrenAreOneLineEach() {
        NodeDTO a = target();
        assertEquals("iqn.2026-11.io.quiver:default  target           /targets/iscsi/iqn.2026-11.io.quiver:default\n",
                TreeFormat.children(List.of(a)));
    }

    @Test
    void keyValuesKeepEqualsSignsInValuesAndRejectBareWords() {
        assertEquals(Map.of("filename", "/srv/a=b.img", "size", "1024"),
                TreeFormat.keyValues(List.of("size=1024", "filename=/srv/a=b.img")));
        assertEquals(Map.of(), TreeFormat.keyValues(null));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TreeFormat.keyValues(List.of("size")));
        assertTrue(e.getMessage().contains("size"));
    }
}
