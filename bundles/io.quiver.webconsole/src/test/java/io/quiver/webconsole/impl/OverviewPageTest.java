package io.quiver.webconsole.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quiver.api.mgmt.CommandDTO;
import io.quiver.api.mgmt.NodeDTO;
import java.util.ArrayList;
import io.quiver.testing.InMemoryManagementTree;
import io.quiver.testing.TreeDtos;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The overview shows what the tree holds, with the forms for each creatable collection. */
class OverviewPageTest {

    static InMemoryManagementTree tree() {
        InMemoryManagementTree t = new InMemoryManagementTree();
        NodeDTO target = TreeDtos.node("/targets/iscsi/iqn.t", "target", TreeDtos.configured("enabled", "Boolean", "true"),
                TreeDtos.configured("allowed_portal", "String[]", "127.0.0.1:3260"),
                TreeDtos.runtime("registered", "Boolean", "true"));
        target.pid = "io.quiver.transport.iscsi.target~t";
        target.deletable = true;
        NodeDTO luns = TreeDtos.node("/targets/iscsi/iqn.t/luns", "collection");
        luns.creatable = true;
        NodeDTO lun = TreeDtos.node("/targets/iscsi/iqn.t/luns/0", "lun", TreeDtos.configured("device", "String", "disk0"));
        lun.pid = "io.quiver.core.lun~x";
        lun.deletable = true;
        NodeDTO handler = TreeDtos.node("/handlers/vdisk_fileio", "handler");
        handler.creatable = true;
        NodeDTO device = TreeDtos.node("/handlers/vdisk_fileio/disk0", "device", TreeDtos.configured("size", "Long", "1073741824"),
                TreeDtos.runtime("attached", "Boolean", "true"),
                TreeDtos.runtime("used_by", "String", "iqn.t/0"));
        NodeDTO session = TreeDtos.node("/sessions/5", "session", TreeDtos.runtime("initiator", "String", "iqn.init"),
                TreeDtos.runtime("transport.peer", "String", "/127.0.0.1:40000"),
                TreeDtos.runtime("transport.MaxRecvDataSegmentLength", "String", "262144"),
                TreeDtos.runtime("commands_in_flight", "String", "2"));
        session.commands.add(CommandDTO.of("close", "End it."));
        t.add("/targets/iscsi", "driver");
        List.of(target, luns, lun, TreeDtos.node("/targets/iscsi/iqn.t/ini_groups", "collection"), handler, device, session)
                .forEach(t::add);
        return t;
    }

    @Test
    void overviewOfTargetsDevicesAndSessions() {
        List<String> formsFor = new ArrayList<>();
        String html = new OverviewPage(tree(), n -> {
            formsFor.add(n.path);
            return "<form create " + n.path + ">";
        }).render("/system/console/quiver", "tok\"en");
        assertTrue(html.contains("data-csrf=\"tok&quot;en\""), html);
        assertTrue(html.contains("iqn.t <span class=\"q-badge q-enabled\">enabled</span>"), html);
        assertTrue(html.contains("Portals: allowed_portal = 127.0.0.1:3260"), html);
        assertTrue(html.contains("name='attr.enabled' value=\"false\"><button type='submit'>Disable</button>"), html);
        assertTrue(html.contains("<tr class='q-lun' data-path=\"/targets/iscsi/iqn.t/luns/0\"><td>0</td><td>disk0</td>"), html);
        assertTrue(html.contains("<td>disk0</td><td>1 GiB</td><td><span class=\"q-badge q-attached\">attached</span> </td><td>iqn.t/0</td>"), html);
        assertTrue(html.contains("<td>iqn.init</td><td>/127.0.0.1:40000</td>"), html);
        assertTrue(html.contains("<th>MaxRecvDataSegmentLength</th><td>262144</td>"), html);
        assertTrue(html.contains("<td>2</td>"), "commands in flight");
        assertTrue(html.contains("name='command' value=\"close\""), html);
        assertTrue(html.contains("/system/console/quiver/res/chart.umd.js"), html);
        assertEquals(List.of("/targets/iscsi/iqn.t/luns", "/handlers/vdisk_fileio"), formsFor);
    }

    @Test
    void sizesInBinaryUnits() {
        assertEquals("1 GiB", OverviewPage.size("1073741824"));
        assertEquals("1.5 KiB", OverviewPage.size("1536"));
        assertEquals("512 B", OverviewPage.size("512"));
        assertEquals("", OverviewPage.size(""));
    }
}
