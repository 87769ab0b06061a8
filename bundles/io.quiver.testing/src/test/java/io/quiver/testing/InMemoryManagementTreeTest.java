package io.quiver.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quiver.api.mgmt.AttributeDTO;
import io.quiver.api.mgmt.CommandDTO;
import io.quiver.api.mgmt.ManagementException;
import io.quiver.api.mgmt.NodeDTO;
import io.quiver.api.mgmt.ObjectNames;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The in-memory tree keeps the core's contract: snapshots, defaults and [key], strict values, refusals, a log. */
class InMemoryManagementTreeTest {

    static final ObjectType LUN = new ObjectType("lun", "core.lun",
            TreeDtos.configured("device", AttributeDTO.STRING, null), TreeDtos.withDefault("read_only", AttributeDTO.BOOLEAN, "false"));
    static final ObjectType TARGET = new ObjectType("target", "iscsi.target",
            TreeDtos.withDefault("QueuedCommands", AttributeDTO.INTEGER, "32"), TreeDtos.secret("IncomingUser", "String[]"),
            TreeDtos.withDefault("portals", "String[]", ""))
            .runtime(TreeDtos.runtime("registered", AttributeDTO.BOOLEAN, "true"))
            .collection("luns", LUN).collection("sessions", null);

    final InMemoryManagementTree tree = new InMemoryManagementTree();
    final String t;

    InMemoryManagementTreeTest() {
        tree.creatable("/targets/iscsi", "driver", TARGET);
        t = tree.create("/targets/iscsi/", "t1", Map.of("IncomingUser", "joe secret12345", "QueuedCommands", "64"));
    }

    @Test
    void createdObjectsHaveDefaultsKeysCollectionsAndHiddenSecrets() {
        assertEquals("/targets/iscsi/t1", t);
        NodeDTO n = tree.node(t + "/").orElseThrow();
        assertEquals("iscsi.target~t1", n.pid);
        assertEquals(List.of("luns", "sessions"), n.children);
        assertEquals(List.of("QueuedCommands", "IncomingUser", "portals", "registered"), n.attributes.stream().map(a -> a.name).toList());
        assertEquals("64", n.attribute("QueuedCommands").value);
        assertTrue(n.attribute("QueuedCommands").key);
        assertFalse(n.attribute("portals").key);
        assertNull(n.attribute("IncomingUser").value, "secrets never leave the tree");
        assertEquals("joe secret12345", tree.value(t, "IncomingUser"));
        assertEquals(Map.of(t, Map.of("IncomingUser", "joe secret12345", "QueuedCommands", "64")), tree.configurations());
        assertEquals(List.of("targets"), tree.node("/").orElseThrow().children);
        assertTrue(tree.node(t + "/luns").orElseThrow().creatable);
        assertFalse(tree.node(t + "/sessions").orElseThrow().creatable);
    }

    @Test
    void collectionsDescribeTheirObjectsLikeTheCore() {
        NodeDTO driver = tree.node("/targets/iscsi").orElseThrow();
        assertEquals("iscsi.target", driver.attribute("factory_pid").value);
        CommandDTO create = driver.commands.get(0);
        assertEquals("create", create.name);
        assertEquals(List.of("name", "QueuedCommands", "IncomingUser", "portals"), create.parameters.stream().map(a -> a.name).toList());
    }

    @Test
    void setParsesStrictlyAndNullResetsToTheDefault() {
        tree.setAttribute(t, "portals", " 10.0.0.1:3260 , 10.0.0.2:3260 ");
        assertEquals("10.0.0.1:3260,10.0.0.2:3260", tree.node(t).orElseThrow().attribute("portals").value);
        tree.setAttribute(t, "QueuedCommands", null);
        AttributeDTO q = tree.node(t).orElseThrow().attribute("QueuedCommands");
        assertEquals("32", q.value);
        assertFalse(q.key);
        assertEquals("QueuedCommands: not a Integer: many",
                assertThrows(ManagementException.class, () -> tree.setAttribute(t, "QueuedCommands", "many")).getMessage());
        assertThrows(ManagementException.class, () -> tree.setAttribute(t, "registered", "false"));
        assertThrows(ManagementException.class, () -> tree.setAttribute(t, "nothere", "1"));
        assertEquals(List.of("create " + t + " {IncomingUser=joe secret12345, QueuedCommands=64}",
                "set " + t + " portals= 10.0.0.1:3260 , 10.0.0.2:3260 ", "set " + t + " QueuedCommands=null"), tree.log());
    }

    @Test
    void createAndDeleteRefuseWhatTheCoreRefuses() {
        assertEquals(t + "/luns/10", tree.create(t + "/luns", "10", Map.of("device", "disk0")));
        tree.create(t + "/luns", "9", Map.of());
        assertEquals(List.of("9", "10"), tree.node(t + "/luns").orElseThrow().children, "LUNs in numeric order");
        assertThrows(ManagementException.class, () -> tree.create(t + "/luns", "9", Map.of()));
        assertThrows(ManagementException.class, () -> tree.create(t + "/luns", "8", Map.of("read_only", "1")));
        assertThrows(ManagementException.class, () -> tree.create(t + "/sessions", "1", Map.of()));
        assertThrows(ManagementException.class, () -> tree.delete(t + "/sessions"));
        assertThrows(ManagementException.class, () -> tree.node("/targets/../etc"));
        tree.delete(t);
        assertTrue(tree.node(t + "/luns/9").isEmpty(), "deleting an object deletes what it holds");
        assertEquals(Map.of(), tree.configurations());
        assertEquals(List.of(), tree.children("/targets/iscsi"));
    }

    /**
     * Regression: the fixture refused any path containing "..", while the core refuses only whole "." and ".."
     * segments; now both follow ObjectNames, with the core's messages.
     */
    @Test
    void namesFollowTheCoresRule() {
        assertEquals("/targets/iscsi/t..2", tree.create("/targets/iscsi", "t..2", Map.of()));
        assertTrue(tree.node("/targets/iscsi/t..2").isPresent());
        assertTrue(tree.node("/handlers/vdisk..nullio").isEmpty());
        assertEquals("/targets/../etc: no relative segments in paths: ..",
                assertThrows(ManagementException.class, () -> tree.node("/targets/../etc")).getMessage());
        for (String bad : List.of("", ".", "a/b", "n".repeat(ObjectNames.MAX_LENGTH + 1))) {
            assertEquals("/targets/iscsi: not a valid name: " + ObjectNames.refusal(bad),
                    assertThrows(ManagementException.class, () -> tree.create("/targets/iscsi", bad, Map.of())).getMessage());
        }
        for (String lun : List.of("16384", "x1", "-1")) {
            assertEquals("not a LUN number (0..16383): " + lun,
                    assertThrows(ManagementException.class, () -> tree.create(t + "/luns", lun, Map.of())).getMessage());
        }
        assertEquals(t + "/luns/16383", tree.create(t + "/luns", "16383", Map.of()));
    }

    @Test
    void refusedChangesChangeNothingAndAreNotLogged() {
        tree.clearLog();
        tree.refuseWhen(op -> op.startsWith("set " + t + " QueuedCommands"));
        assertEquals("refused: set " + t + " QueuedCommands=128",
                assertThrows(ManagementException.class, () -> tree.setAttribute(t, "QueuedCommands", "128")).getMessage());
        assertEquals("64", tree.value(t, "QueuedCommands"));
        assertEquals(List.of(), tree.log());
    }

    @Test
    void commandsRunOnlyWhereDeclared() {
        NodeDTO session = tree.add("/sessions/3", "session", TreeDtos.runtime("initiator", AttributeDTO.STRING, "iqn.i"));
        session.commands.add(CommandDTO.of("close", "End it."));
        assertEquals("ran close", tree.run("/sessions/3", "close", Map.of()));
        tree.answer("close", "closed");
        assertEquals("closed", tree.run("/sessions/3", "close", Map.of("reason", "x")));
        assertThrows(ManagementException.class, () -> tree.run("/sessions/3", "reset_statistics", Map.of()));
        assertEquals(List.of("run /sessions/3 close {}", "run /sessions/3 close {reason=x}"), tree.log().subList(1, 3));
        assertEquals("collection", tree.node("/sessions").orElseThrow().kind, "missing ancestors are plain collections");
    }

    @Test
    void leakingSecretsIsExplicit() {
        tree.leakSecrets();
        assertEquals("joe secret12345", tree.node(t).orElseThrow().attribute("IncomingUser").value);
    }
}
