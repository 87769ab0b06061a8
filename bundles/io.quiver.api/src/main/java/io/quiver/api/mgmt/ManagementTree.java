package io.quiver.api.mgmt;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The management tree of a running Quiver, registered as an OSGi service by the core. Every view
 * (REST, shell, console, config tool) reads and changes the system through it and nothing else.
 *
 * <p>Paths are absolute and slash-separated ({@code /targets/iscsi/iqn.2026-01.io.quiver:t1/luns/0});
 * a trailing slash is ignored. Changes to configured objects go to ConfigAdmin and take effect
 * asynchronously, when the configuration reaches its component.
 *
 * <p>Thread-safe. Methods may block briefly on ConfigAdmin; do not call them on a Netty event loop.
 */
@ProviderType
public interface ManagementTree {

    /** The node at {@code path}, with its attributes, child names and commands; empty if there is none. */
    Optional<NodeDTO> node(String path);

    /** The nodes directly below {@code path}, sorted by name; empty if there are none or no such node. */
    List<NodeDTO> children(String path);

    /**
     * Sets one writable attribute of a configured object (updates its configuration).
     *
     * @param value the new value in its string form (arrays: comma-separated); {@code null} resets the
     *        attribute to its default
     * @throws ManagementException if there is no such node or attribute, it is read-only, or the value
     *         does not parse as the attribute's type
     */
    void setAttribute(String path, String attribute, String value);

    /**
     * Creates a configured object below a collection node ({@code /handlers/vdisk_fileio},
     * {@code /targets/iscsi/<t>/luns}, {@code /targets/iscsi/<t>/ini_groups}) as a new factory
     * configuration.
     *
     * @param parentPath the collection node
     * @param name the new object's name (device name, LUN number, group name)
     * @param attributes further attributes in string form; missing ones take their defaults
     * @return the path of the new node
     * @throws ManagementException if the parent cannot hold objects, the name is taken or an attribute is invalid
     */
    String create(String parentPath, String name, Map<String, String> attributes);

    /**
     * Deletes a configured object (its factory configuration).
     *
     * @throws ManagementException if there is no such node or it is not a configured object
     */
    void delete(String path);

    /**
     * Runs one of the node's {@link NodeDTO#commands commands} (close a session, reset statistics).
     *
     * @return a short human-readable outcome
     * @throws ManagementException if there is no such node or command, or a parameter is invalid
     */
    String run(String path, String command, Map<String, String> parameters);
}
