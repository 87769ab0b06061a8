package io.quiver.webconsole.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quiver.api.mgmt.AttributeDTO;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.MetaTypeInformation;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.service.metatype.ObjectClassDefinition;

/** Create forms describe a factory PID from the Metatype of the bundle that declares it. */
class CreateDefinitionsTest {

    static AttributeDefinition definition(String id, int type, int cardinality, String... defaults) {
        return Fakes.proxy(AttributeDefinition.class, Map.of("getID", id, "getType", type, "getCardinality", cardinality,
                "getDescription", "About " + id + ".", "getDefaultValue", defaults));
    }

    static CreateDefinitions definitions() {
        ObjectClassDefinition ocd = Fakes.proxy(ObjectClassDefinition.class, Map.of("getAttributeDefinitions",
                new AttributeDefinition[] {definition("name", AttributeDefinition.STRING, 0),
                        definition("size", AttributeDefinition.LONG, 0, "0"),
                        definition("read_only", AttributeDefinition.BOOLEAN, 0, "false"),
                        definition("IncomingUser", AttributeDefinition.PASSWORD, -10),
                        definition("threads_num", AttributeDefinition.INTEGER, 0, "2")}));
        MetaTypeInformation declaring = Fakes.proxy(MetaTypeInformation.class, Map.of(
                "getFactoryPids", new String[] {"io.quiver.handler.fileio"}, "getObjectClassDefinition", ocd));
        MetaTypeInformation other = Fakes.proxy(MetaTypeInformation.class, Map.of("getFactoryPids", new String[0]));
        Bundle a = Fakes.proxy(Bundle.class, Map.of("getBundleId", 1L));
        Bundle b = Fakes.proxy(Bundle.class, Map.of("getBundleId", 2L));
        MetaTypeService metaType = Fakes.proxy(MetaTypeService.class, Map.of("getMetaTypeInformation",
                (Function<Object[], Object>) args -> args[0] == b ? declaring : other));
        BundleContext context = Fakes.proxy(BundleContext.class, Map.of("getBundles", new Bundle[] {a, b}));
        return new CreateDefinitions(context, metaType);
    }

    @Test
    void attributesOfTheFactoryPidWithoutThoseCreateImplies() {
        List<AttributeDTO> attributes = definitions().of("io.quiver.handler.fileio");
        assertEquals(List.of("size", "read_only", "IncomingUser", "threads_num"), attributes.stream().map(a -> a.name).toList());
        AttributeDTO size = attributes.get(0);
        assertEquals(AttributeDTO.LONG, size.type);
        assertEquals("0", size.defaultValue);
        assertEquals("About size.", size.description);
        assertTrue(size.writable);
        assertEquals(AttributeDTO.BOOLEAN, attributes.get(1).type);
        AttributeDTO user = attributes.get(2);
        assertEquals("String[]", user.type);
        assertTrue(user.secret);
        assertEquals(AttributeDTO.INTEGER, attributes.get(3).type);
    }

    @Test
    void nothingForAnUnknownPidOrWithoutMetatype() {
        assertEquals(List.of(), definitions().of("io.quiver.handler.tape"));
        assertEquals(List.of(), definitions().of(""));
        assertEquals(List.of(), new CreateDefinitions(null, null).of("io.quiver.handler.fileio"));
    }
}
