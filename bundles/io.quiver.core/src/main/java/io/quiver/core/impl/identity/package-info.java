/**
 * Device identity: the installation's seed ({@link io.quiver.core.impl.identity.IdentitySeed}, a random
 * installation id kept in the data directory, or SCST's {@code setup_id}) and, from it and a device's
 * descriptor, the unit serial number and logical-unit designators VPD 80h and 83h report for every
 * handler's devices ({@link io.quiver.core.impl.identity.DeviceIdentity}). Private to the core bundle.
 */
package io.quiver.core.impl.identity;
