/**
 * The core's implementation of {@link io.quiver.api.mgmt.ManagementTree}: runtime state joined with
 * ConfigAdmin factory configurations and their Metatype descriptions. Private to the core bundle.
 */
package io.quiver.core.impl.mgmt;
