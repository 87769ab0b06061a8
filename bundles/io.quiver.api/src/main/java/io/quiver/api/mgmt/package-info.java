/**
 * The management tree: one driver- and handler-neutral model of a running Quiver that the REST API, the
 * Karaf shell, the Web Console plugin and the {@code scst.conf} tool all read and change.
 *
 * <p>The tree is made of {@link io.quiver.api.mgmt.NodeDTO nodes} addressed by slash-separated paths:
 * <pre>
 * /handlers/&lt;handler&gt;/&lt;device&gt;
 * /targets/&lt;driver&gt;/&lt;target&gt;/luns/&lt;lun&gt;
 * /targets/&lt;driver&gt;/&lt;target&gt;/ini_groups/&lt;group&gt;/luns/&lt;lun&gt;
 * /targets/&lt;driver&gt;/&lt;target&gt;/sessions/&lt;session&gt;
 * /sessions/&lt;session&gt;
 * /alua/device_groups/&lt;group&gt;, /alua/target_groups/&lt;group&gt;
 * </pre>
 * Configured objects (devices, targets, LUNs, initiator groups) are ConfigAdmin factory configurations;
 * their attributes are described by Metatype. Runtime state (sessions, statistics) is read-only. Data
 * travels as public-field DTOs, like OSGi DTOs: plain values, no behaviour, safe to serialise.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("0.2.0")
package io.quiver.api.mgmt;
