package io.quiver.shell.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.quiver.api.mgmt.AttributeDTO;
import io.quiver.api.mgmt.NodeDTO;
import io.quiver.config.ConfigProblem;
import io.quiver.config.ConfigReport;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReportFormatTest {

    @Test
    void planAppliedAndProblems() {
        ConfigReport r = new ConfigReport();
        r.ok = true;
        assertEquals("no changes\n", ReportFormat.format(r, false));
        r.plan.add("create /handlers/vdisk_nullio/n0");
        r.applied.add("create /handlers/vdisk_nullio/n0");
        assertEquals("plan: create /handlers/vdisk_nullio/n0\n", ReportFormat.format(r, false));
        assertEquals("applied: create /handlers/vdisk_nullio/n0\n", ReportFormat.format(r, true));
        r.ok = false;
        r.applied.clear();
        r.problems.add(new ConfigProblem("a.conf", 7, "/handlers/vdisk_nullio/n0", "size", "not a number: x"));
        assertEquals("problem: a.conf:7: /handlers/vdisk_nullio/n0 attribute size: not a number: x\n", ReportFormat.format(r, true));
        assertThrows(IllegalStateException.class, () -> ReportFormat.print(r, true));
    }

    @Test
    void listsShowPathAndTheAttributesTheNodesHave() {
        NodeDTO t = new NodeDTO();
        t.path = "/targets/iscsi/iqn.x";
        t.attributes.add(attribute("enabled", "true", false));
        t.attributes.add(attribute("IncomingUser", null, true));
        assertEquals("/targets/iscsi/iqn.x  enabled=true  IncomingUser=(write-only)\n",
                ObjectLists.lines(List.of(t), "enabled", "registered", "IncomingUser"));
    }

    private static AttributeDTO attribute(String name, String value, boolean secret) {
        AttributeDTO a = new AttributeDTO();
        a.name = name;
        a.value = value;
        a.secret = secret;
        return a;
    }
}
