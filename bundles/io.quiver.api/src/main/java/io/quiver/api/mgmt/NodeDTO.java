package io.quiver.api.mgmt;

import java.util.ArrayList;
import java.util.List;

/**
 * One node of the management tree: a configured object (device, target, LUN, initiator group), a
 * runtime object (session) or a collection of them. A snapshot: changing it changes nothing.
 */
public class NodeDTO {

    /** The node's absolute path. */
    public String path;

    /** The last path segment. */
    public String name;

    /**
     * What the node is: {@code handler}, {@code device}, {@code driver}, {@code target}, {@code lun},
     * {@code group}, {@code session} or {@code collection}.
     */
    public String kind;

    /**
     * The ConfigAdmin PID of the configuration behind the node, or {@code null} for runtime and
     * collection nodes.
     */
    public String pid;

    /** Names of the nodes directly below, sorted. */
    public List<String> children = new ArrayList<>();

    /** The node's attributes, configured ones first, then runtime ones. */
    public List<AttributeDTO> attributes = new ArrayList<>();

    /** The commands {@link ManagementTree#run} accepts on this node. */
    public List<CommandDTO> commands = new ArrayList<>();

    /** Whether {@link ManagementTree#create} accepts this node as a parent. */
    public boolean creatable;

    /** Whether {@link ManagementTree#delete} accepts this node. */
    public boolean deletable;

    /** The attribute of that name, or {@code null}. */
    public AttributeDTO attribute(String attributeName) {
        for (AttributeDTO a : attributes) {
            if (a.name.equals(attributeName)) {
                return a;
            }
        }
        return null;
    }
}
