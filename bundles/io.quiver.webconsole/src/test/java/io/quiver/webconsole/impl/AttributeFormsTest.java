package io.quiver.webconsole.impl;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quiver.api.mgmt.AttributeDTO;
import io.quiver.api.mgmt.NodeDTO;
import io.quiver.testing.TreeDtos;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Forms are generated from the attributes' self-description, with every value escaped. */
class AttributeFormsTest {

    static NodeDTO device() {
        AttributeDTO secret = TreeDtos.configured("IncomingUser", "String", null);
        secret.secret = true;
        AttributeDTO size = TreeDtos.configured("size", "Long", "1073741824");
        size.defaultValue = "0";
        NodeDTO n = TreeDtos.node("/handlers/vdisk_fileio/disk0", "device",
                TreeDtos.configured("filename", "String", "/srv/a\"b<c>.img"),
                size,
                TreeDtos.configured("read_only", "Boolean", "true"),
                TreeDtos.configured("portals", "String[]", "a,b"),
                secret,
                TreeDtos.runtime("commands", "String", "17"));
        n.pid = "io.quiver.handler.fileio~disk0";
        return n;
    }

    @Test
    void editFormHasOneFieldPerWritableAttribute() {
        String html = AttributeForms.edit(device());
        assertTrue(html.contains("data-op='set' data-path=\"/handlers/vdisk_fileio/disk0\""), html);
        assertTrue(html.contains("name=\"attr.size\" type='text' value=\"1073741824\" data-initial=\"1073741824\" inputmode='numeric'"), html);
        assertTrue(html.contains("Default: 0"), html);
        assertTrue(html.contains("About size."), html);
        assertTrue(html.contains("<select name=\"attr.read_only\" data-initial=\"true\">"), html);
        assertTrue(html.contains("<option value='true' selected>"), html);
        assertTrue(html.contains("placeholder=\"comma-separated\""), html);
        assertTrue(html.contains("<span class='q-error' data-field=\"size\"></span>"), html);
        assertFalse(html.contains("attr.commands"), "runtime attributes are not editable");
        assertTrue(html.contains("<input type='hidden' name='initial.size' value=\"1073741824\">"), html);
        assertTrue(html.contains("<input type='hidden' name='initial.IncomingUser' value=\"\">"), "a secret was shown empty");
        assertFalse(AttributeForms.create(device(), "Name", device().attributes).contains("initial."), "create forms send what is given");
    }

    @Test
    void valuesAreEscapedAndSecretsNeverShown() {
        String html = AttributeForms.edit(device());
        assertTrue(html.contains("value=\"/srv/a&quot;b&lt;c&gt;.img\""), html);
        assertFalse(html.contains("<c>"));
        assertTrue(html.contains("name=\"attr.IncomingUser\" type='password' value=\"\""), html);
    }

    @Test
    void createFormAsksForTheNameAndTheDescribedAttributes() {
        NodeDTO luns = TreeDtos.node("/targets/iscsi/iqn.x/luns", "collection");
        luns.creatable = true;
        AttributeDTO device = TreeDtos.configured("device", "String", null);
        AttributeDTO hint = TreeDtos.configured("webconsole.configurationFactory.nameHint", "String", "LUN {lun}");
        String html = AttributeForms.create(luns, "LUN number", List.of(device, hint));
        assertFalse(html.contains("nameHint"), "Felix's display hints are not attributes");
        assertTrue(html.contains("data-op='create' data-parent=\"/targets/iscsi/iqn.x/luns\""), html);
        assertTrue(html.contains("<input type='hidden' name='parent' value=\"/targets/iscsi/iqn.x/luns\">"), html);
        assertTrue(html.contains("<label>LUN number</label></th><td><input name='name' required>"), html);
        assertTrue(html.contains("<span class='q-error' data-field=\"name\"></span>"), html);
        assertTrue(html.contains("name=\"attr.device\" type='text' value=\"\""), html);
    }

    @Test
    void buttonsCarryTheirOperation() {
        String delete = AttributeForms.button("delete", "/a/b", null, "Delete");
        assertTrue(delete.contains("name='op' value=\"delete\"") && delete.contains("data-confirm=\"Delete /a/b?\""), delete);
        String close = AttributeForms.button("run", "/sessions/3", "close", "close");
        assertTrue(close.contains("name='command' value=\"close\""), close);
        String disable = AttributeForms.setButton("/targets/iscsi/t", "enabled", "false", "Disable");
        assertTrue(disable.contains("name='attr.enabled' value=\"false\""), disable);
    }
}
