package io.quiver.api.mgmt;

import java.util.ArrayList;
import java.util.List;

/** A command a node accepts through {@link ManagementTree#run}. A snapshot. */
public class CommandDTO {

    /** The command name ({@code close}, {@code reset_statistics}). */
    public String name;

    /** What it does. */
    public String description = "";

    /** Its parameters; {@link AttributeDTO#value} is unused here. */
    public List<AttributeDTO> parameters = new ArrayList<>();

    /** A command without parameters. */
    public static CommandDTO of(String name, String description) {
        CommandDTO c = new CommandDTO();
        c.name = name;
        c.description = description;
        return c;
    }
}
