package io.quiver.webconsole.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quiver.api.mgmt.AttributeDTO;
import io.quiver.api.mgmt.CommandDTO;
import io.quiver.api.mgmt.NodeDTO;
import io.quiver.testing.InMemoryManagementTree;
import io.quiver.testing.ObjectType;
import io.quiver.testing.TreeDtos;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each page operation is a management tree call; refusals name their field. */
class ActionsTest {

    static final ObjectType FILEIO_DEVICE = new ObjectType("device", "io.quiver.handler.fileio",
            TreeDtos.configured("filename", AttributeDTO.STRING, null), TreeDtos.withDefault("size", AttributeDTO.LONG, "0"));

    final InMemoryManagementTree tree = new InMemoryManagementTree();
    final Actions actions = new Actions(tree);

    ActionsTest() {
        tree.creatable("/handlers/vdisk_fileio", "handler", FILEIO_DEVICE);
        tree.creatable("/h", "handler", FILEIO_DEVICE);
        tree.add("/t", "target", TreeDtos.withDefault("enabled", AttributeDTO.BOOLEAN, "true"),
                TreeDtos.configured("TargetAlias", AttributeDTO.STRING, "old"));
        tree.add("/t/luns/0", "lun").deletable = true;
        tree.add("/sessions/3", "session").commands.add(CommandDTO.of("close", "End it."));
    }

    static Map<String, String> params(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void createLeavesEmptyFieldsToTheirDefaults() {
        Actions.Outcome o = actions.perform(params("op", "create", "parent", "/handlers/vdisk_fileio", "name", "disk1",
                "attr.filename", " /srv/d1.img ", "attr.size", "", "csrf", "t"));
        assertTrue(o.ok(), o.message());
        assertEquals(List.of("create /handlers/vdisk_fileio/disk1 {filename=/srv/d1.img}"), tree.log());
        assertEquals("created /handlers/vdisk_fileio/disk1", o.message());
    }

    @Test
    void setSendsEachChangedAttributeAndEmptyResets() {
        assertTrue(actions.perform(params("op", "set", "path", "/t", "attr.enabled", "false", "attr.TargetAlias", "")).ok());
        assertEquals(List.of("set /t enabled=false", "set /t TargetAlias=null"), tree.log());
    }

    @Test
    void setSkipsFieldsThatStillShowTheirRenderedValue() {
        Actions.Outcome o = actions.perform(params("op", "set", "path", "/t", "attr.enabled", "true", "initial.enabled", "true",
                "attr.TargetAlias", "new", "initial.TargetAlias", "old"));
        assertEquals("saved TargetAlias of /t", o.message());
        assertEquals(List.of("set /t TargetAlias=new"), tree.log());
        assertEquals("nothing changed in /t", actions.perform(params("op", "set", "path", "/t",
                "attr.TargetAlias", " new ", "initial.TargetAlias", "new")).message());
        assertEquals(List.of("set /t TargetAlias=new"), tree.log());
    }

    /** Regression: saving a target's edit form pinned every negotiation key the target inherits from its driver. */
    @Test
    void savingATargetKeepsInheritedKeysInheritedAndEmptiedFieldsReset() {
        tree.add("/targets/iscsi/t1", "target", TreeDtos.withDefault("MaxRecvDataSegmentLength", AttributeDTO.INTEGER, "8192"),
                TreeDtos.withDefault("ImmediateData", AttributeDTO.BOOLEAN, "true"),
                TreeDtos.withDefault("FirstBurstLength", AttributeDTO.INTEGER, "65536"),
                TreeDtos.configured("TargetAlias", AttributeDTO.STRING, null)).pid = "io.quiver.transport.iscsi.target~t1";
        tree.setAttribute("/targets/iscsi/t1", "FirstBurstLength", "4096");
        tree.clearLog();
        Map<String, String> form = FormFields.of(AttributeForms.edit(tree.node("/targets/iscsi/t1").orElseThrow()));
        assertEquals("8192", form.get("attr.MaxRecvDataSegmentLength"), form::toString);
        form.put("attr.TargetAlias", "lab disks");
        form.put("attr.FirstBurstLength", "");
        assertTrue(actions.perform(form).ok());
        assertEquals(List.of("set /targets/iscsi/t1 FirstBurstLength=null", "set /targets/iscsi/t1 TargetAlias=lab disks"), tree.log());
        NodeDTO saved = tree.node("/targets/iscsi/t1").orElseThrow();
        assertFalse(saved.attribute("MaxRecvDataSegmentLength").key, "still the driver's default");
        assertFalse(saved.attribute("ImmediateData").key);
        assertFalse(saved.attribute("FirstBurstLength").key, "emptied: back to the default");
        assertEquals("65536", saved.attribute("FirstBurstLength").value);
    }

    @Test
    void deleteAndCommands() {
        assertTrue(actions.perform(params("op", "delete", "path", "/t/luns/0")).ok());
        Actions.Outcome o = actions.perform(params("op", "run", "path", "/sessions/3", "command", "close"));
        assertEquals("ran close", o.message());
        assertEquals(List.of("delete /t/luns/0", "run /sessions/3 close {}"), tree.log());
    }

    @Test
    void refusalsComeBackWithTheirField() {
        Actions.Outcome o = actions.perform(params("op", "create", "parent", "/h", "name", "d", "attr.size", "12x"));
        assertFalse(o.ok());
        assertEquals("size", o.field());
        assertEquals(Map.of("ok", false, "error", "size: not a Long: 12x", "field", "size"), o.toJson());
        Actions.Outcome noName = actions.perform(params("op", "create", "parent", "/h", "name", " "));
        assertEquals(FieldErrors.NAME, noName.field());
        Actions.Outcome noPath = actions.perform(params("op", "delete"));
        assertFalse(noPath.ok());
        assertEquals("path is required", noPath.message());
        assertFalse(actions.perform(params("op", "explode")).ok());
    }
}
