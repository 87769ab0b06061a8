package io.quiver.webconsole.impl;

import io.quiver.api.mgmt.AttributeDTO;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.MetaTypeInformation;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.service.metatype.ObjectClassDefinition;

/**
 * The attributes of an object that does not exist yet, for a create form: the Metatype description of the
 * factory PID a creatable collection names in its {@code factory_pid} attribute, in the same
 * {@link AttributeDTO} form the tree gives for existing objects. Attributes that
 * {@link io.quiver.api.mgmt.ManagementTree#create} fills in from the path and the name are left out.
 *
 * <p>Thread-safe: reads the framework and the MetaTypeService on each call.
 */
final class CreateDefinitions {

    /** Set by the tree itself on create: the object's name, its target, its group, its LUN number. */
    static final Set<String> IMPLIED = Set.of("name", "target", "group", "lun");

    private final BundleContext context;
    private final MetaTypeService metaType;

    CreateDefinitions(BundleContext context, MetaTypeService metaType) {
        this.context = context;
        this.metaType = metaType;
    }

    /** The attributes of a new object of that factory PID; empty if nothing describes it. */
    List<AttributeDTO> of(String factoryPid) {
        List<AttributeDTO> out = new ArrayList<>();
        if (factoryPid == null || factoryPid.isEmpty() || metaType == null) {
            return out;
        }
        for (Bundle b : context.getBundles()) {
            MetaTypeInformation info = metaType.getMetaTypeInformation(b);
            if (info == null || !List.of(info.getFactoryPids()).contains(factoryPid)) {
                continue;
            }
            ObjectClassDefinition ocd = info.getObjectClassDefinition(factoryPid, null);
            for (AttributeDefinition d : ocd.getAttributeDefinitions(ObjectClassDefinition.ALL)) {
                if (!IMPLIED.contains(d.getID())) {
                    out.add(attribute(d));
                }
            }
            break;
        }
        return out;
    }

    static AttributeDTO attribute(AttributeDefinition d) {
        AttributeDTO a = new AttributeDTO();
        a.name = d.getID();
        a.description = d.getDescription() == null ? "" : d.getDescription();
        a.secret = d.getType() == AttributeDefinition.PASSWORD;
        a.type = switch (d.getType()) {
            case AttributeDefinition.INTEGER -> AttributeDTO.INTEGER;
            case AttributeDefinition.LONG -> AttributeDTO.LONG;
            case AttributeDefinition.BOOLEAN -> AttributeDTO.BOOLEAN;
            default -> AttributeDTO.STRING;
        } + (d.getCardinality() != 0 ? "[]" : "");
        String[] def = d.getDefaultValue();
        a.defaultValue = def == null ? null : String.join(",", def);
        a.value = a.defaultValue;
        a.writable = true;
        return a;
    }
}
