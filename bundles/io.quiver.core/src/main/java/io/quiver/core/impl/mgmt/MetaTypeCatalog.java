package io.quiver.core.impl.mgmt;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.osgi.framework.Bundle;
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.MetaTypeInformation;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.service.metatype.ObjectClassDefinition;

/**
 * {@link AttributeCatalog} over the MetaTypeService: the object class definition a bundle designates
 * for a factory PID. The console's {@code webconsole.configurationFactory.nameHint} is left out.
 * Thread-safe.
 */
final class MetaTypeCatalog implements AttributeCatalog {

    private final MetaTypeService metaType;
    private final Function<String, Bundle> bundleOf;

    /** @param bundleOf the bundle that designates a factory PID, or {@code null} if unknown */
    MetaTypeCatalog(MetaTypeService metaType, Function<String, Bundle> bundleOf) {
        this.metaType = metaType;
        this.bundleOf = bundleOf;
    }

    @Override
    public List<Definition> attributes(String factoryPid) {
        Bundle b = bundleOf.apply(factoryPid);
        MetaTypeInformation info = b == null ? null : metaType.getMetaTypeInformation(b);
        List<Definition> out = new ArrayList<>();
        if (info == null) {
            return out;
        }
        ObjectClassDefinition ocd;
        try {
            ocd = info.getObjectClassDefinition(factoryPid, null);
        } catch (IllegalArgumentException e) {
            return out;
        }
        AttributeDefinition[] ads = ocd.getAttributeDefinitions(ObjectClassDefinition.ALL);
        if (ads == null) {
            return out;
        }
        for (AttributeDefinition ad : ads) {
            if (ad.getID().startsWith("webconsole.")) {
                continue;
            }
            String[] def = ad.getDefaultValue();
            out.add(new Definition(ad.getID(), ad.getName(), ad.getDescription() == null ? "" : ad.getDescription(),
                    type(ad.getType()), ad.getCardinality() != 0, def == null ? null : String.join(",", def)));
        }
        return out;
    }

    private static String type(int t) {
        switch (t) {
            case AttributeDefinition.INTEGER:
            case AttributeDefinition.SHORT:
            case AttributeDefinition.BYTE:
                return "Integer";
            case AttributeDefinition.LONG:
                return "Long";
            case AttributeDefinition.BOOLEAN:
                return "Boolean";
            case AttributeDefinition.PASSWORD:
                return "Password";
            default:
                return "String";
        }
    }
}
